import { describe, expect, it } from 'vitest';
import { HEAP_FLAGS, POSTGRES_HEAP_FLAGS, heapFlagsFor, missingHeapFlags } from './heap-flags.js';

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

  it('asks for the PostgreSQL settings when that is the store', () => {
    expect(missingHeapFlags([], '', POSTGRES_HEAP_FLAGS)).toEqual([...POSTGRES_HEAP_FLAGS]);
    expect(missingHeapFlags(['--max-semi-space-size=8'], '', POSTGRES_HEAP_FLAGS)).toEqual(['--max-old-space-size=1024']);
  });
});

describe('heapFlagsFor', () => {
  const pg = 'postgres://songda:secret@db.example:5432/songda';
  it('follows SONGDA_DB, and SQLite when it is not set', () => {
    expect(heapFlagsFor(['serve'], {})).toBe(HEAP_FLAGS);
    expect(heapFlagsFor(['serve'], { SONGDA_DB: 'sqlite:./data/songda.db' })).toBe(HEAP_FLAGS);
    expect(heapFlagsFor(['serve'], { SONGDA_DB: pg })).toBe(POSTGRES_HEAP_FLAGS);
    expect(heapFlagsFor(['serve'], { SONGDA_DB: 'postgresql://localhost/songda' })).toBe(POSTGRES_HEAP_FLAGS);
  });

  it('lets --db win over SONGDA_DB, in either spelling, the last one given', () => {
    expect(heapFlagsFor(['serve', '--db', pg], { SONGDA_DB: 'sqlite:./a.db' })).toBe(POSTGRES_HEAP_FLAGS);
    expect(heapFlagsFor(['serve', `--db=${pg}`], {})).toBe(POSTGRES_HEAP_FLAGS);
    expect(heapFlagsFor(['serve', '--db', 'sqlite:./a.db'], { SONGDA_DB: pg })).toBe(HEAP_FLAGS);
    expect(heapFlagsFor(['serve', '--db', pg, '--db', 'sqlite:./a.db'], {})).toBe(HEAP_FLAGS);
  });
});
