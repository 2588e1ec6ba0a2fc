#!/usr/bin/env node
// The `songda` command. The Node.js version is checked and the process takes its heap settings
// (heap-settings.ts: it may restart itself once) before the commands are even loaded, so that a
// restart does not load them twice.
import './node-version.js';
import './heap-settings.js';

await import('./commands.js');
