// The instants the suites run at. Nothing in a test reads the wall clock: the HTTP tests build their
// app with a fixed clock, and the browser test fakes the clock of the server it starts and of the
// pages it opens. Which instant a run uses is chosen by its vitest project (vitest.config.ts).
import { inject } from 'vitest';

/** Local instants (Asia/Shanghai, UTC+8 all year) on one Saturday, by name. */
export const TEST_INSTANTS = {
  /** The default: middle of the working day. */
  noon: Date.parse('2026-11-21T12:00:00+08:00'),
  /** Just after local midnight: a new local day with no counter open yet, and still the day before in UTC. */
  afterMidnight: Date.parse('2026-11-21T00:30:00+08:00'),
  /** Just before local midnight: the end of a full local day, already the same UTC date as the next one begins. */
  beforeMidnight: Date.parse('2026-11-21T23:50:00+08:00'),
} as const;

export type TestInstantName = keyof typeof TEST_INSTANTS;

/** The instants at the edges of the local day that day-dependent suites are also run at. */
export const LOCAL_DAY_EDGES: readonly TestInstantName[] = ['afterMidnight', 'beforeMidnight'];

/** The name of the instant this run of the suite is at (noon unless its project says otherwise). */
export function testInstantName(): TestInstantName {
  return inject('testInstant') ?? 'noon';
}

/** Epoch ms of the instant this run of the suite is at. */
export function testNow(): number {
  return TEST_INSTANTS[testInstantName()];
}

declare module 'vitest' {
  export interface ProvidedContext {
    testInstant?: TestInstantName;
  }
}
