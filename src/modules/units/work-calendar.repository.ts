import type { Db } from '../../db/database.js';

/** The unit's work calendar as stored (JSON, checked by domain/work-order-clock.ts's calendarFrom); null when it has none; undefined for an unknown unit. */
export async function findWorkCalendarJson(db: Db, unit: string): Promise<string | null | undefined> {
  const row = await db.selectFrom('units').select('work_calendar').where('code', '=', unit).executeTakeFirst();
  return row === undefined ? undefined : row.work_calendar;
}

/** Stores the unit's work calendar (JSON checked by the caller), or null for always open; false for an unknown unit. */
export async function setWorkCalendar(db: Db, unit: string, calendarJson: string | null, now: number): Promise<boolean> {
  const result = await db.updateTable('units').set({ work_calendar: calendarJson, updated_at: now }).where('code', '=', unit).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The unit that answers for a city: its processing centre, else its delivery office, else its counter,
 * the lowest code of the kind, so the same city always gives the same unit until the units change.
 */
export async function findCityUnit(db: Db, cityCode: string): Promise<string | undefined> {
  const rows = await db.selectFrom('units').select(['code', 'kind']).where('city_code', '=', cityCode).orderBy('code').execute();
  const rank = (kind: string) => ['processing_centre', 'delivery_office', 'counter'].indexOf(kind);
  return rows.sort((a, b) => rank(a.kind) - rank(b.kind) || (a.code < b.code ? -1 : 1))[0]?.code;
}
