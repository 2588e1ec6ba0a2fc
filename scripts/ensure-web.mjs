#!/usr/bin/env node
// Builds the web console (web/ → dist/web) when it has not been built yet, so that `npm start` gives
// a console to sign in to. A build that exists is left alone: `npm run build:web` rebuilds it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'web', 'index.html');
const config = join(root, 'web', 'vite.config.ts');

if (existsSync(built)) {
  console.log('web console: dist/web is built (npm run build:web rebuilds it)');
} else if (!existsSync(config)) {
  // The server still starts, and its page at / says how to build the console.
  console.warn('web console: web/vite.config.ts not found; starting without the console');
} else {
  console.log('web console: building dist/web (once; npm run build:web rebuilds it) …');
  const { build } = await import('vite');
  await build({ configFile: config, logLevel: 'warn' });
  if (!existsSync(built)) {
    console.error('web console: the build finished without dist/web/index.html');
    process.exit(1);
  }
}
