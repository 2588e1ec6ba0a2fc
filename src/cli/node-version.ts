// Imported first by the `songda` command, before anything loads a native addon: the addons are
// compiled for the Node.js that npm installs with Songda (decision 0020), and an older Node would
// fail on them far from the cause. Through npm (`npm start`, `npx songda`, `npm run songda`) the
// right Node is the one on the PATH; run by hand, `node` may be the machine's own.

/** The same major as `engines.node` in package.json (test/runtime.test.ts checks they agree). */
export const REQUIRED_NODE_MAJOR = 24;

/** What is wrong with running on this Node.js version, or undefined when nothing is. */
export function nodeVersionProblem(version: string): string | undefined {
  const major = Number(version.replace(/^v/, '').split('.')[0]);
  if (major >= REQUIRED_NODE_MAJOR) return undefined;
  return [
    `songda: 这是 Node.js ${version}，送达需要 Node.js ${REQUIRED_NODE_MAJOR} LTS。`,
    `songda: this is Node.js ${version}; Songda runs on Node.js ${REQUIRED_NODE_MAJOR} LTS.`,
    'Run it through npm (npm start, npx songda …), which uses the Node.js installed by `npm ci`,',
    `or run node_modules/.bin/node dist/src/cli/songda.js …`,
  ].join('\n');
}

const problem = nodeVersionProblem(process.version);
if (problem) {
  console.error(problem);
  process.exit(1);
}
