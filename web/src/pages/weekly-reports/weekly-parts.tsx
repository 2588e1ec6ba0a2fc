import { DownloadOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Select, Space } from 'antd';
import { useCallback, useMemo } from 'react';
import { type Query, apiUrl } from '../../api/client';
import type { SessionUser, TWeeklyReport } from '../../api/types';
import { addWeeks, formatIsoWeek, isoWeekOf, parseIsoWeek, weekDays } from '../../../../src/domain/iso-week.js';
import { formatLocalDate, parseLocalDate } from '../../../../src/domain/local-day.js';
import { useI18n } from '../../i18n/i18n';
import { localDay } from '../../lib/format';

export type WeeklyScope = TWeeklyReport['scope'];
/** How a report's scope is asked for: `program=CODE` or `division=420500`, exactly one. */
export type ScopeQuery = { program: string; division?: undefined } | { division: string; program?: undefined };

/** The post's admins and operators make and store reports; everyone else reads the stored ones. */
export const mayMakeReports = (user: SessionUser | undefined) => user?.role === 'admin' || user?.role === 'operator';

export const storedReportPath = (id: string) => `/weekly-reports/${encodeURIComponent(id)}`;
export const liveReportPath = (week: string, scope: ScopeQuery) => {
  const params = new URLSearchParams({ week, ...(scope.program !== undefined ? { program: scope.program } : { division: scope.division }) });
  return `/weekly-reports/view?${params.toString()}`;
};
export const scopeQuery = (scope: WeeklyScope): ScopeQuery => (scope.kind === 'program' ? { program: scope.code } : { division: scope.code });

/**
 * The week today falls in, by the reporting zone's date on the browser's clock (the server cuts weeks
 * by the same zone's days).
 */
export function currentWeek(now: number = Date.now()): string {
  return formatIsoWeek(isoWeekOf(parseLocalDate(localDay(now))!));
}

/** The last week that has ended: the default of every week picker. */
export const lastFullWeek = (now: number = Date.now()) => shiftWeek(currentWeek(now), -1);

/** `week` moved by `weeks`; the text as it was when it is not a week. */
export function shiftWeek(week: string, weeks: number): string {
  const parsed = parseIsoWeek(week);
  return parsed ? formatIsoWeek(addWeeks(parsed, weeks)) : week;
}

/** Monday and Sunday of the week, YYYY-MM-DD; undefined when `week` is not one. */
export function weekDates(week: string): { from: string; to: string } | undefined {
  const parsed = parseIsoWeek(week);
  if (!parsed) return undefined;
  const days = weekDays(parsed);
  return { from: formatLocalDate(days[0]!), to: formatLocalDate(days[6]!) };
}

/** How many weeks back a picker offers: two years of reports. */
const WEEKS_OFFERED = 105;

/** "2026-W46 · 11-09 至 11-15" */
export function useWeekLabel(): (week: string) => string {
  const { t } = useI18n();
  return useCallback(
    (week: string) => {
      const dates = weekDates(week);
      return dates ? t('weekly.week.option', { week, from: dates.from.slice(5), to: dates.to.slice(5) }) : week;
    },
    [t],
  );
}

/** The weeks a picker offers, this week first; a week from the URL outside them is offered too. */
export function useWeekOptions(selected?: string): { value: string; label: string }[] {
  const label = useWeekLabel();
  const now = currentWeek();
  return useMemo(() => {
    const weeks = Array.from({ length: WEEKS_OFFERED }, (_, i) => shiftWeek(now, -i));
    if (selected && parseIsoWeek(selected) && !weeks.includes(selected)) weeks.push(selected);
    return weeks.sort((a, b) => (a < b ? 1 : -1)).map((w) => ({ value: w, label: label(w) }));
  }, [now, selected, label]);
}

interface WeekPickerProps {
  id?: string;
  value: string | undefined;
  onChange: (week: string | undefined) => void;
  /** Offers "all weeks" (undefined) as well. */
  allowAll?: boolean;
}

/**
 * An ISO week (Monday to Sunday) with a step either way. A select of weeks rather than Ant Design's
 * week picker: that one starts its weeks on Sunday in English, and an ISO week never does.
 */
export function WeekPicker({ id, value, onChange, allowAll }: WeekPickerProps) {
  const { t } = useI18n();
  const options = useWeekOptions(value);
  const latest = currentWeek();
  return (
    <Space.Compact>
      <Button icon={<LeftOutlined />} aria-label={t('weekly.week.previous')} title={t('weekly.week.previous')} disabled={!value} onClick={() => value && onChange(shiftWeek(value, -1))} />
      <Select
        id={id}
        showSearch={{ optionFilterProp: 'label' }}
        allowClear={allowAll}
        value={value}
        placeholder={allowAll ? t('weekly.filter.allWeeks') : undefined}
        onChange={(w?: string) => onChange(w || undefined)}
        options={options}
        style={{ width: 230 }}
        popupMatchSelectWidth={false}
      />
      <Button
        icon={<RightOutlined />}
        aria-label={t('weekly.week.next')}
        title={t('weekly.week.next')}
        disabled={!value || value >= latest}
        onClick={() => value && onChange(shiftWeek(value, 1))}
      />
    </Space.Compact>
  );
}

/** A scope as people read it: the program's or division's name with its code. */
export function scopeName(scope: WeeklyScope): string {
  return scope.name && scope.name !== scope.code ? `${scope.name} ${scope.code}` : scope.code;
}

/** Who made a stored report: the Monday job, or the user who asked. */
export function useMadeBy(): (generatedBy: string) => string {
  const { t } = useI18n();
  return (by) => (by === 'schedule' ? t('weekly.schedule') : by.replace(/^user:/, ''));
}

/**
 * A report's XLSX and PDF as the server makes them: plain links, so the browser downloads them with the
 * session cookie. `path` is the report's JSON path (`/reports/weekly` or `/reports/weekly/stored/ID`).
 */
export function ReportDownloads({ path, query, size, describe }: { path: string; query?: Query; size?: 'small'; /** The report, for a screen reader where many rows each have their links. */ describe?: string }) {
  const { t } = useI18n();
  return (
    <Space.Compact>
      <Button size={size} icon={<DownloadOutlined />} href={apiUrl(`${path}.xlsx`, query)} download aria-label={describe && t('weekly.download.xlsxOf', { what: describe })}>
        {t('weekly.download.xlsx')}
      </Button>
      <Button size={size} icon={<DownloadOutlined />} href={apiUrl(`${path}.pdf`, query)} download aria-label={describe && t('weekly.download.pdfOf', { what: describe })}>
        {t('weekly.download.pdf')}
      </Button>
    </Space.Compact>
  );
}
