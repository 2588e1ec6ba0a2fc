export const UNIT_KINDS = ['counter', 'processing_centre', 'delivery_office'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface UnitTable {
  code: string;
  name: string;
  kind: UnitKind;
  division_code: string;
  /** 6-digit province and city codes of the division, kept so reports group without a lookup. */
  province_code: string;
  city_code: string | null;
  parent_code: string | null;
  /** Local "HH:MM"; null means the default end of shift. */
  end_of_shift: string | null;
  /** JSON WorkCalendar (domain/work-order-clock.ts) the unit's work-order deadlines run on; null for always open. */
  work_calendar: string | null;
  created_at: number;
  updated_at: number;
}
