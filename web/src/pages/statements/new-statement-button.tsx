import { PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import type { StatementDetail } from '../../api/types';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';
import { localDay } from '../../lib/format';
import { statementPath, usePayerOptions } from './statement-parts';

interface NewStatementForm {
  payer: string;
  period: [Dayjs, Dayjs];
}

const day = (d: Dayjs) => d.format('YYYY-MM-DD');

/** Makes a draft (POST /statements) for a payer and a period of local days, then opens it. */
export function NewStatementButton() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<NewStatementForm>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const { options, loading } = usePayerOptions(open);
  // Days are the reporting zone's (the server cuts charges by them), not the browser's.
  const today = dayjs(localDay());
  const lastMonth = today.subtract(1, 'month');

  const submit = async (v: NewStatementForm) => {
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.post<StatementDetail>('/statements', { body: { payer: v.payer, from: day(v.period[0]), to: day(v.period[1]) } });
      setOpen(false);
      navigate(statementPath(created.id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
        {t('stmt.new.open')}
      </Button>
      <Modal
        open={open}
        title={t('stmt.new.title')}
        okText={t('stmt.new.submit')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form<NewStatementForm> form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy}>
          <Form.Item name="payer" label={t('stmt.new.payer')} rules={[{ required: true, message: t('stmt.new.payerRequired') }]}>
            <Select showSearch optionFilterProp="label" loading={loading} options={options} />
          </Form.Item>
          <Form.Item name="period" label={t('stmt.new.period')} rules={[{ required: true, message: t('stmt.new.periodRequired') }]}>
            <DatePicker.RangePicker
              style={{ width: '100%' }}
              disabledDate={(d) => d.isAfter(today, 'day')}
              presets={[
                { label: t('stmt.range.lastMonth'), value: [lastMonth.startOf('month'), lastMonth.endOf('month')] },
                { label: t('stmt.range.thisMonth'), value: [today.startOf('month'), today] },
              ]}
            />
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary">{t('stmt.new.hint')}</Typography.Paragraph>
        <ApiErrorAlert error={error} title={t('stmt.new.failed')} />
      </Modal>
    </>
  );
}
