import { App, Button, Checkbox, Drawer, Form, Input, Radio, Select, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { TUnit, TUnitCalendar, TWorkCalendar } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';
import { showFieldErrors } from '../../lib/element-errors';

/** The form's values: the API's calendar (its field names, so that a refusal lands on its field), with hours kept while around the clock is chosen. */
interface CalendarFields {
  mode: 'always' | 'hours';
  calendar: { timeZone: string; hours: NonNullable<TWorkCalendar['hours']>; holidays: string[]; workdays: string[] };
}
const FIELDS = ['calendar'] as const;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const DEFAULT_ZONE = 'Asia/Shanghai';
/** What "opening hours" starts from for a unit that has none yet. */
const OFFICE_HOURS = { open: '08:00', close: '17:00', weekdays: [1, 2, 3, 4, 5] };
// Dates are typed or pasted as a list (the State Council's notice gives a year's at once).
const DATE_SEPARATORS = [',', '，', '、', ';', '；', ' ', '\n'];

function toFields(calendar: TWorkCalendar | null): CalendarFields {
  return {
    mode: calendar?.hours ? 'hours' : 'always',
    calendar: {
      timeZone: calendar?.timeZone ?? DEFAULT_ZONE,
      hours: calendar?.hours ?? OFFICE_HOURS,
      holidays: calendar?.holidays ?? [],
      workdays: calendar?.workdays ?? [],
    },
  };
}

/** What PUT sends: null for plain around the clock (the default), else the calendar as the form has it; the API checks each field. */
function toInput(v: CalendarFields): TWorkCalendar | null {
  const { timeZone, hours, holidays, workdays } = v.calendar;
  const trimmed = (dates: string[] | undefined) => (dates ?? []).map((d) => d.trim()).filter(Boolean);
  if (v.mode === 'always') return trimmed(holidays).length === 0 ? null : { timeZone: timeZone.trim(), hours: null, holidays: trimmed(holidays), workdays: [] };
  return { timeZone: timeZone.trim(), hours: { open: hours.open.trim(), close: hours.close.trim(), weekdays: hours.weekdays }, holidays: trimmed(holidays), workdays: trimmed(workdays) };
}

/**
 * A unit's work calendar, for admins: around the clock, or opening hours on chosen weekdays; holidays
 * and make-up working days as lists of dates. Work orders' deadlines count only its working time.
 */
export function UnitCalendarDrawer({ unit, onClose }: { unit: TUnit | undefined; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CalendarFields>();
  const url = unit ? `/work-orders/settings/units/${encodeURIComponent(unit.code)}` : null;
  const { data, error, loading } = useApi<TUnitCalendar>(url);
  const [saveError, setSaveError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const mode = Form.useWatch('mode', form);

  useEffect(() => {
    setSaveError(undefined);
    form.resetFields();
    if (data) form.setFieldsValue(toFields(data.calendar));
  }, [data, form]);

  const save = async (values: CalendarFields) => {
    if (!url || !unit) return;
    setBusy(true);
    setSaveError(undefined);
    try {
      await api.put<TUnitCalendar>(url, { body: { calendar: toInput(values) } });
      void message.success(t('calendar.saved', { unit: unit.name }));
      onClose();
    } catch (err) {
      if (!showFieldErrors(form, err, FIELDS)) setSaveError(err);
    } finally {
      setBusy(false);
    }
  };

  const dates = (name: 'holidays' | 'workdays', label: string, help?: string) => (
    <Form.Item name={['calendar', name]} label={label} extra={help ? <>{help}<br />{t('calendar.datesHint')}</> : t('calendar.datesHint')}>
      {/* No list to pick from: closed, Enter or a separator makes the typed date a tag, and the list never covers the footer. */}
      <Select mode="tags" open={false} tokenSeparators={DATE_SEPARATORS} suffixIcon={null} placeholder="YYYY-MM-DD" aria-label={label} />
    </Form.Item>
  );

  return (
    <Drawer
      open={unit !== undefined}
      title={unit ? t('calendar.title', { unit: unit.name }) : undefined}
      size={560}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('calendar.cancel')}</Button>
          <Button type="primary" loading={busy} disabled={!data} onClick={() => form.submit()}>
            {t('calendar.save')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('calendar.help')}</Typography.Paragraph>
      <ApiErrorAlert error={error} title={t('calendar.loadFailed')} />
      <ApiErrorAlert error={saveError} title={t('calendar.saveFailed')} />
      {loading && !data && <Skeleton active />}
      <Form<CalendarFields> form={form} layout="vertical" disabled={busy} onFinish={(v) => void save(v)} style={data ? undefined : { display: 'none' }}>
        <Form.Item name="mode" label={t('calendar.mode')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'always', label: t('calendar.always') },
              { value: 'hours', label: t('calendar.byHours') },
            ]}
          />
        </Form.Item>
        <Form.Item name={['calendar', 'timeZone']} label={t('calendar.timeZone')} rules={[{ required: true, whitespace: true, message: t('calendar.required') }]}>
          <Input style={{ width: 240 }} />
        </Form.Item>
        {mode === 'hours' && (
          <>
            <Space size="middle" align="start">
              <Form.Item name={['calendar', 'hours', 'open']} label={t('calendar.openAt')} extra={t('calendar.timeHint')}>
                <Input style={{ width: 120 }} maxLength={5} />
              </Form.Item>
              <Form.Item name={['calendar', 'hours', 'close']} label={t('calendar.closeAt')} extra={t('calendar.closeHint')}>
                <Input style={{ width: 120 }} maxLength={5} />
              </Form.Item>
            </Space>
            <Form.Item name={['calendar', 'hours', 'weekdays']} label={t('calendar.weekdays')}>
              <Checkbox.Group options={WEEKDAYS.map((d) => ({ value: d, label: t(`calendar.weekday.${d}`) }))} />
            </Form.Item>
          </>
        )}
        {dates('holidays', t('calendar.holidays'))}
        {mode === 'hours' && dates('workdays', t('calendar.workdays'), t('calendar.workdaysHelp'))}
      </Form>
    </Drawer>
  );
}
