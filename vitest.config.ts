import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Suites whose answers depend on the local day of "now" (today's figures, day summaries, local dates
 * printed or filtered on). Besides the default run at noon they run just after and just before local
 * midnight, where a day cut in the wrong zone or a demo without today's traffic shows.
 */
const LOCAL_DAY_SUITES = [
  'test/http/overview-day-edges.test.ts', // today and the default period
  'test/http/breakpoint-rate-summaries.test.ts', // day summaries kept for the days before the clock
  'test/http/item-list.test.ts', // instants shown in the configured zone
  'test/http/labels.test.ts', // the local date printed on a label
];
/** Drives `serve --demo` in Chromium: run at both edges of the local day only (it takes a minute a run). */
const BROWSER_SUITES = ['test/browser/**/*.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'noon', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...BROWSER_SUITES] } },
      ...(['afterMidnight', 'beforeMidnight'] as const).map((instant) => ({
        extends: true as const,
        test: { name: instant, include: [...LOCAL_DAY_SUITES, ...BROWSER_SUITES], provide: { testInstant: instant } },
      })),
    ],
  },
});
