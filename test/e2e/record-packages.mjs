// Preloaded into a `songda serve` child by startup-modules.test.ts: appends the npm package of every
// module the process resolves, one per line, to the file SONGDA_TEST_PACKAGES names.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const file = process.env.SONGDA_TEST_PACKAGES;
if (!file) throw new Error('SONGDA_TEST_PACKAGES names no file');
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(resolved.url);
    if (match) appendFileSync(file, `${match[1]}\n`);
    return resolved;
  },
});
