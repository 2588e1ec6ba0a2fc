import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Config } from '../config.js';
import { openDataKeyCipher } from '../data-key.js';
import { AppError } from '../errors.js';
import { openStore } from '../main.js';
import { MAX_LIST_BYTES, type RecipientImportResult, importRecipients } from '../modules/recipients/import-recipients.js';
import { createProgressBar } from './progress.js';
import { UsageError } from './usage-error.js';

export interface ImportRecipientsArgs {
  program: string | undefined;
  file: string | undefined;
  dryRun: boolean;
}

const USAGE = 'usage: songda import-recipients --program CODE FILE.csv|FILE.xlsx [--dry-run]';
const MAX_SHOWN_PROBLEMS = 50;

/**
 * `songda import-recipients --program P FILE`: the same import as POST
 * /api/v1/programs/P/recipients/import, straight into the database, with a progress bar. Exits 0 when
 * every row was good, 1 when some were rejected (the good ones are stored all the same).
 */
export async function runImportRecipients(config: Config, args: ImportRecipientsArgs, print: (line: string) => void = (l) => console.log(l)): Promise<number> {
  if (!args.program) throw new UsageError(`--program is required\n${USAGE}`);
  if (!args.file) throw new UsageError(`the list file is required\n${USAGE}`);
  let size: number;
  try {
    size = statSync(args.file).size;
  } catch {
    throw new UsageError(`cannot read ${args.file}`);
  }
  if (size > MAX_LIST_BYTES) throw new UsageError(`${args.file} is larger than ${MAX_LIST_BYTES / 1024 / 1024} MiB; split the list`);
  const bytes = readFileSync(args.file);

  const store = await openStore(config);
  const bar = createProgressBar(args.dryRun ? 'check' : 'import', 1000);
  const summary = (r: RecipientImportResult) => `${(r.imported + r.updated).toLocaleString('en')} good, ${r.rejectedRows.toLocaleString('en')} rejected`;
  try {
    const result = await importRecipients(
      { store, cipher: openDataKeyCipher(config.dataKey) },
      args.program,
      { bytes, filename: basename(args.file) },
      // The command line is the post's own operator: every program.
      'all',
      {
        dryRun: args.dryRun,
        now: Date.now(),
        // 100 % is drawn once, by finish.
        onProgress: (p) => bar.update(Math.min(999, Math.floor(p.fractionRead * 1000)), summary(p.result)),
      },
    );
    bar.finish(summary(result));
    printResult(result, args.dryRun, print);
    return result.rejectedRows > 0 ? 1 : 0;
  } catch (err) {
    // An unknown program or a header without a required column: one line, as the API says it.
    if (err instanceof AppError) throw new UsageError(err.message);
    throw err;
  } finally {
    await store.close();
  }
}

function printResult(result: RecipientImportResult, dryRun: boolean, print: (line: string) => void): void {
  const verb = dryRun ? 'would import' : 'imported';
  print(`${dryRun ? 'dry run: ' : ''}${verb} ${result.imported}, ${dryRun ? 'would update' : 'updated'} ${result.updated}, rejected ${result.rejectedRows} rows`);
  for (const r of result.rejected.slice(0, MAX_SHOWN_PROBLEMS)) print(`  row ${r.row}${r.column ? ` (${r.column})` : ''}: ${r.message}`);
  if (result.rejected.length > MAX_SHOWN_PROBLEMS) print(`  … and ${result.rejected.length - MAX_SHOWN_PROBLEMS} more problems`);
}
