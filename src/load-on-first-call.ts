/**
 * A function of a module that is loaded the first time the function is called, not when the server
 * starts. For the modules that make files (PDF, charts, QR codes, bar codes, spreadsheets): their
 * libraries are about 110 MB of memory a server would otherwise hold from its start whether or not
 * anyone ever asks for a label or a report (docs/decisions/0054-file-libraries-loaded-on-first-use.md).
 */
export function loadedOnFirstCall<M, A extends unknown[], R>(load: () => Promise<M>, pick: (module: M) => (...args: A) => R): (...args: A) => Promise<Awaited<R>> {
  return async (...args: A): Promise<Awaited<R>> => {
    const f = pick(await load());
    return await f(...args);
  };
}
