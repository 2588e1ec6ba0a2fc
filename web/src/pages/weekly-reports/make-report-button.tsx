import { FileAddOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Modal, Radio, Select, Spin, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../../api/client';
import type { TProgram, TStoredWeeklyReport, WeeklyScopeKind } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { useUnits } from '../../components/units';
import { useI18n } from '../../i18n/i18n';
import { buildDivisionTree } from '../../lib/division-tree';
import { showElementError, showFieldErrors } from '../../lib/element-errors';
import { WeekPicker, storedReportPath } from './weekly-parts';

interface MakeReportForm {
  week: string;
  scopeKind: WeeklyScopeKind;
  program?: string;
  division?: string;
}

/** Provinces and cities that have units, each province before its cities: what a division report may cover. */
function useDivisionOptions(needed: boolean): { options: { value: string; label: string }[]; loading: boolean } {
  const { t } = useI18n();
  const { units, loading } = useUnits();
  const options = useMemo(() => {
    if (!needed) return [];
    const tree = buildDivisionTree(units);
    return tree.flatMap((province) => [
      { value: province.code, label: t('weekly.make.wholeProvince', { name: province.name }) },
      ...province.children.map((city) => ({
        value: city.code,
        label: `${province.name}${city.placeholder ? `${t('units.placeholderCity')} ${city.code}` : city.name}`,
      })),
    ]);
  }, [needed, units, t]);
  return { options, loading };
}

/** Seconds since `busy` became true, for a wait the server gives no progress of. */
function useElapsedSeconds(busy: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!busy) return;
    setSeconds(0);
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [busy]);
  return seconds;
}

/**
 * Makes and stores a report (POST /reports/weekly) for a week and a program or a province or city,
 * then opens it. A province's week can take a while: the dialog stays open, and says so, until it is made.
 */
export function MakeReportButton({ defaultWeek }: { defaultWeek: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<MakeReportForm>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const scopeKind = Form.useWatch('scopeKind', form) ?? 'program';
  const programs = useApi<TProgram[]>(open ? '/programs' : null);
  const divisions = useDivisionOptions(open && scopeKind === 'division');
  const elapsed = useElapsedSeconds(busy);

  const submit = async (v: MakeReportForm) => {
    setBusy(true);
    setError(undefined);
    const scope = v.scopeKind === 'program' ? { program: v.program } : { division: v.division };
    try {
      const made = await api.post<TStoredWeeklyReport>('/reports/weekly', { body: { week: v.week, ...scope } });
      setOpen(false);
      navigate(storedReportPath(made.id));
    } catch (err) {
      const fields = ['week', v.scopeKind === 'program' ? 'program' : 'division'];
      if (!showFieldErrors(form, err, fields) && !showNamedField(err, fields)) setError(err);
    } finally {
      setBusy(false);
    }
  };

  /** A refusal that names one field in an object (`{field: 'program'}`, an unknown program's): its message beside it. */
  const showNamedField = (err: unknown, fields: string[]) => {
    if (!(err instanceof ApiError) || typeof err.details !== 'object' || err.details === null || Array.isArray(err.details)) return false;
    const field = (err.details as { field?: unknown }).field;
    return typeof field === 'string' && showElementError(form, { field, error: err.message }, fields);
  };

  return (
    <>
      <Button type="primary" icon={<FileAddOutlined />} onClick={() => setOpen(true)}>
        {t('weekly.make.open')}
      </Button>
      <Modal
        open={open}
        title={t('weekly.make.title')}
        okText={t('weekly.make.submit')}
        confirmLoading={busy}
        cancelButtonProps={{ disabled: busy }}
        closable={!busy}
        mask={{ closable: !busy }}
        keyboard={!busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form<MakeReportForm>
          form={form}
          layout="vertical"
          initialValues={{ week: defaultWeek, scopeKind: 'program' }}
          onFinish={(v) => void submit(v)}
          onValuesChange={() => setError(undefined)}
          disabled={busy}
        >
          <Form.Item name="week" label={t('weekly.make.week')} rules={[{ required: true, message: t('weekly.make.weekRequired') }]}>
            <WeekField />
          </Form.Item>
          <Form.Item name="scopeKind" label={t('weekly.make.scopeKind')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'program', label: t('weekly.make.scopeProgram') },
                { value: 'division', label: t('weekly.make.scopeDivision') },
              ]}
            />
          </Form.Item>
          {scopeKind === 'program' ? (
            <Form.Item name="program" label={t('weekly.make.program')} rules={[{ required: true, message: t('weekly.make.programRequired') }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={programs.loading}
                options={(programs.data ?? []).map((p) => ({ value: p.code, label: `${p.name} ${p.code}` }))}
              />
            </Form.Item>
          ) : (
            <Form.Item name="division" label={t('weekly.make.division')} rules={[{ required: true, message: t('weekly.make.divisionRequired') }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} loading={divisions.loading} options={divisions.options} />
            </Form.Item>
          )}
        </Form>
        <ApiErrorAlert error={programs.error} />
        {busy ? (
          <Alert
            type="info"
            role="status"
            icon={<Spin size="small" />}
            showIcon
            title={t('weekly.make.working')}
            description={t('weekly.make.elapsed', { n: elapsed })}
            data-testid="weekly-making"
          />
        ) : (
          <Typography.Paragraph type="secondary">{t('weekly.make.hint')}</Typography.Paragraph>
        )}
        <ApiErrorAlert error={error} title={t('weekly.make.failed')} />
      </Modal>
    </>
  );
}

/** The week picker as a form control (Form.Item passes `value` and `onChange`). */
function WeekField({ id, value, onChange }: { id?: string; value?: string; onChange?: (week: string | undefined) => void }) {
  return <WeekPicker id={id} value={value} onChange={(w) => onChange?.(w)} />;
}
