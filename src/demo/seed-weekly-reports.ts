import type { DbHandle } from '../db/open-db.js';
import { addWeeks, isoWeekOf } from '../domain/iso-week.js';
import { localDateOf } from '../domain/local-day.js';
import { overviewDaysOf } from '../modules/overview/overview-days.js';
import { getPrograms } from '../modules/programs/program.service.js';
import { loadSiteDirectory } from '../modules/units/unit.service.js';
import { resolveScope, storeWeeklyReport } from '../modules/weekly-report/weekly-report.service.js';

/**
 * The weekly reports of this week (so far) and the week before for every program and the demo's
 * province, made by the admin, so that the console's list has reports whatever the day: the Monday
 * job makes only finished weeks, and the demo's mail is of the last few days.
 */
export async function seedDemoWeeklyReports(store: DbHandle, now: number, timeZone: string, province: string): Promise<string> {
  const deps = { db: store.db, timeZone, sites: await loadSiteDirectory(store.db), now, summaries: overviewDaysOf(store.db) };
  const thisWeek = isoWeekOf(localDateOf(now, timeZone));
  const scopes = [...(await getPrograms(store.db)).map((p) => ({ program: p.code })), { division: province }];
  let made = 0;
  for (const week of [addWeeks(thisWeek, -1), thisWeek]) {
    for (const asked of scopes) {
      await storeWeeklyReport(store, deps, await resolveScope(deps, asked, 'all'), week, 'user:admin');
      made++;
    }
  }
  return `${made} weekly reports`;
}
