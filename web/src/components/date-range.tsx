import { DatePicker, Space } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../i18n/i18n';
import { addDays, localDay } from '../lib/format';
import { useUrlState } from '../lib/url-state';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `from`/`to` of the URL when both are dates; otherwise the last `days` days up to today. */
export function useDateRange(days = 7): { from: string; to: string; explicit: boolean } {
  const { get } = useUrlState();
  const from = get('from');
  const to = get('to');
  if (from && to && DAY.test(from) && DAY.test(to) && from <= to) return { from, to, explicit: true };
  const today = localDay();
  return { from: addDays(today, -(days - 1)), to: today, explicit: false };
}

const notFuture = (d: dayjs.Dayjs) => d.isAfter(dayjs(localDay()), 'day');
const text = (d: dayjs.Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined);

/** A required period: one range picker with presets, always holding both days. */
export function DateRangeField({ id, value }: { id?: string; value: { from: string; to: string } }) {
  const { t } = useI18n();
  const { set } = useUrlState();
  const today = dayjs(localDay());
  return (
    <DatePicker.RangePicker
      id={id}
      allowClear={false}
      value={[dayjs(value.from), dayjs(value.to)]}
      disabledDate={notFuture}
      presets={[
        { label: t('range.today'), value: [today, today] },
        { label: t('range.last7'), value: [today.subtract(6, 'day'), today] },
        { label: t('range.last30'), value: [today.subtract(29, 'day'), today] },
      ]}
      onChange={(range) => {
        const [start, end] = range ?? [];
        if (start && end) set({ from: text(start), to: text(end) });
      }}
      style={{ width: 250 }}
    />
  );
}

interface DayPairProps {
  /** Labels the first day (the form item's `htmlFor`); the second says "to" itself. */
  id: string;
  from: string | undefined;
  to: string | undefined;
  onChange: (from: string | undefined, to: string | undefined) => void;
}

/**
 * An optional period as two day pickers. An empty range picker keeps the keyboard focus on its
 * first field, so filters that may be empty use two plain pickers, each its own tab stop.
 */
export function DayPairField({ id, from, to, onChange }: DayPairProps) {
  const { t } = useI18n();
  return (
    <Space.Compact>
      <DatePicker
        id={id}
        value={from ? dayjs(from) : null}
        disabledDate={notFuture}
        placeholder={t('range.from')}
        onChange={(d) => onChange(text(d), to && text(d) && to < text(d)! ? text(d) : to)}
        style={{ width: 130 }}
      />
      <DatePicker
        aria-label={t('range.to')}
        value={to ? dayjs(to) : null}
        disabledDate={notFuture}
        placeholder={t('range.to')}
        onChange={(d) => onChange(from && text(d) && from > text(d)! ? text(d) : from, text(d))}
        style={{ width: 130 }}
      />
    </Space.Compact>
  );
}

/** An optional `from`/`to` in the URL (both or neither: one day given alone stands for both). */
export function OptionalRangeField({ id }: { id: string }) {
  const { get, set } = useUrlState();
  return (
    <DayPairField
      id={id}
      from={get('from')}
      to={get('to')}
      onChange={(from, to) => set({ from: from ?? to ?? null, to: to ?? from ?? null })}
    />
  );
}
