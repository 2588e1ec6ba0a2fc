import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from './open-db.js';

describe('a new SQLite database', () => {
  it('is created 0600 with its -wal and -shm files, in a data folder made 0700', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'songda-modes-')), 'data');
    const file = join(folder, 'songda.db');
    const store = openSqlite(file);
    try {
      if (store.dialect !== 'sqlite') throw new Error('expected a SQLite store');
      store.sqlite.exec('CREATE TABLE t (x)');
      const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);
      expect(modeOf(folder)).toBe('700');
      for (const path of [file, `${file}-wal`, `${file}-shm`]) expect([path, modeOf(path)]).toEqual([path, '600']);
    } finally {
      await store.close();
    }
  });
});
