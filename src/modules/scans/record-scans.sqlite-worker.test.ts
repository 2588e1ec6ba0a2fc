import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb } from '../../../test/test-db.js';
import { loadConfig } from '../../config.js';
import { createSqliteWorkerRecorder } from './record-scans.sqlite-worker.js';

let store: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  store = await createTestDb('sqlite');
});
afterAll(() => store?.drop());

it('a closed recorder refuses work instead of opening the file again on a new writer thread', async () => {
  if (store.target.kind !== 'sqlite') throw new Error('a SQLite store was asked for');
  const recorder = createSqliteWorkerRecorder(store.target.file, loadConfig({}).silence);
  const now = Date.parse('2026-11-21T08:00:00+08:00');
  // The writer thread starts with the first work and ends with close().
  expect(await recorder.sweep({ asOf: now, now })).not.toBeUndefined();
  await recorder.close();
  // A job that was stopped late (its round already past its stop check) must not outlive the store.
  await expect(recorder.sweep({ asOf: now, now })).rejects.toThrow('scan writer closed');
  await expect(recorder.record([], now)).rejects.toThrow('scan writer closed');
});
