import { defineConfig } from 'vitest/config';

/**
 * Suites whose answers depend on the local day of "now" (today's figures, day summaries, local dates
 * shown or printed). Besides the default run at noon they run just after and just before local
 * midnight in Shanghai (test/support/test-clock.ts), where a day cut in the wrong zone shows. The
 * browser test runs itself at both of those instants (it fakes its server's and its pages' clocks).
 */
const LOCAL_DAY_SUITES = [
  'test/http/overview-day-edges.test.ts', // today and the default period
  'test/http/breakpoint-rate-summaries.test.ts', // day summaries kept for the days before the clock
  'test/http/item-list.test.ts', // instants shown in the configured zone
  'test/http/labels.test.ts', // the local date printed on a label
];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'main', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      ...(['afterMidnight', 'beforeMidnight'] as const).map((instant) => ({
        extends: true as const,
        test: { name: instant, include: LOCAL_DAY_SUITES, provide: { testInstant: instant } },
      })),
    ],
  },
});
