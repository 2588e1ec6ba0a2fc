import { DatePicker } from 'antd';
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

interface DateRangeFieldProps {
  id?: string;
  /** The range shown when the URL has none; undefined shows an empty picker (no date filter). */
  value: { from: string; to: string } | undefined;
  allowClear?: boolean;
}

/** Local days `from`–`to` in the URL. */
export function DateRangeField({ id, value, allowClear = false }: DateRangeFieldProps) {
  const { t } = useI18n();
  const { set } = useUrlState();
  const today = dayjs(localDay());
  return (
    <DatePicker.RangePicker
      id={id}
      allowClear={allowClear}
      value={value ? [dayjs(value.from), dayjs(value.to)] : null}
      disabledDate={(d) => d.isAfter(today, 'day')}
      presets={[
        { label: t('range.today'), value: [today, today] },
        { label: t('range.last7'), value: [today.subtract(6, 'day'), today] },
        { label: t('range.last30'), value: [today.subtract(29, 'day'), today] },
      ]}
      onChange={(range) => {
        const [start, end] = range ?? [];
        set({ from: start ? start.format('YYYY-MM-DD') : null, to: end ? end.format('YYYY-MM-DD') : null });
      }}
      style={{ width: 250 }}
    />
  );
}
