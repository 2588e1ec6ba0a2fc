import { describe, expect, it } from 'vitest';
import { HEAP_FLAGS, missingHeapFlags } from './heap-flags.js';

describe('missingHeapFlags', () => {
  it('asks for every heap setting when none is given', () => {
    expect(missingHeapFlags(['--import', 'tsx'])).toEqual([...HEAP_FLAGS]);
  });

  it('leaves out a setting given on the command line, with any value or spelling', () => {
    expect(missingHeapFlags(['--max-old-space-size=4096'])).toEqual(['--max-semi-space-size=4']);
    expect(missingHeapFlags(['--max_semi_space_size=32'])).toEqual(['--max-old-space-size=1024']);
  });

  it('leaves out a setting given in NODE_OPTIONS', () => {
    expect(missingHeapFlags([], '--enable-source-maps --max-semi-space-size=16')).toEqual(['--max-old-space-size=1024']);
  });

  it('asks for nothing once the process runs with them', () => {
    expect(missingHeapFlags([...HEAP_FLAGS, '--import', 'tsx'])).toEqual([]);
  });
});
