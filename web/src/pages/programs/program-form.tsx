import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Checkbox, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { PAYER_MODES, type SessionUser, type TPartner, type TProgram, type TProgramInput } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { UpsertModal, useUpsertForm } from '../../components/upsert-form';
import { useI18n } from '../../i18n/i18n';
import './forms.css';

const FIELDS = ['code', 'name', 'documentType', 'sponsor', 'payerMode', 'payerShares', 'requirements', 'slaDays'] as const;
const DOCUMENT_TYPES = ['优待证', '身份证', '驾驶证', '行驶证', '社保卡', '发票', '教材', '录取通知书'];

/** Who may create and edit programs: the API's `operate` permission (POST /programs is not for partners). */
export const mayEditPrograms = (user: SessionUser | undefined) => user?.role === 'admin' || user?.role === 'operator';

/** The form's values: the API's program, with the activation bank possibly cleared (null) and shares possibly left blank. */
type ProgramFields = Omit<TProgramInput, 'payerShares' | 'requirements'> & {
  payerShares?: { partner?: string; share?: number | null }[];
  requirements: { recipientOnly?: boolean; idCheck?: boolean; activationBank?: string | null; maxAttempts?: number | null; holdDays?: number | null };
};

function toInput(v: ProgramFields): TProgramInput {
  const shares = v.payerMode === 'recipient' ? [] : (v.payerShares ?? []).filter((s) => s.partner || s.share != null);
  const bank = v.requirements.activationBank?.trim();
  return {
    code: v.code.trim(),
    name: v.name.trim(),
    documentType: v.documentType.trim(),
    sponsor: v.sponsor,
    payerMode: v.payerMode,
    // Blanks go to the API as they are, so that it names the one at fault.
    ...(shares.length > 0 ? { payerShares: shares.map((s) => ({ partner: s.partner ?? '', share: s.share ?? 0 })) } : {}),
    requirements: {
      recipientOnly: v.requirements.recipientOnly ?? false,
      idCheck: v.requirements.idCheck ?? false,
      ...(bank ? { activationBank: bank } : {}),
      // Left empty, the program takes the defaults (3 attempts, 7 days) and stores nothing.
      ...(v.requirements.maxAttempts != null ? { maxAttempts: v.requirements.maxAttempts } : {}),
      ...(v.requirements.holdDays != null ? { holdDays: v.requirements.holdDays } : {}),
    },
    slaDays: v.slaDays,
  };
}

function toFields(p: TProgram): ProgramFields {
  return {
    code: p.code,
    name: p.name,
    documentType: p.documentType,
    sponsor: p.sponsor,
    payerMode: p.payerMode,
    payerShares: p.payerShares ?? [],
    requirements: { ...p.requirements },
    slaDays: p.slaDays,
  };
}

/**
 * A new program (`program` absent) or the one given, through POST /programs (?onlyNew=true when
 * creating). Only required fields are checked here; the payer rules, the partners' kinds and the
 * share sum are the API's, and its answer is shown beside the field it names.
 */
export function ProgramFormModal({ open, program, onClose, onSaved }: { open: boolean; program?: TProgram; onClose: () => void; onSaved: (code: string) => void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<ProgramFields>();
  const partners = useApi<TPartner[]>(open ? '/partners' : null);
  const payerMode = Form.useWatch('payerMode', form);
  const shares = Form.useWatch('payerShares', form);
  const editing = program !== undefined;
  const initial = useMemo(() => program && toFields(program), [program]);
  const { busy, error, save } = useUpsertForm({
    form,
    open,
    initial,
    path: '/programs',
    fields: FIELDS,
    creating: !editing,
    saved: (code) => t(editing ? 'programForm.saved' : 'programForm.created', { code }),
    onSaved,
  });

  const partnerOptions = (partners.data ?? []).map((p) => ({ value: p.code, label: `${p.name}（${label('partnerKind', p.kind)}）` }));
  const required = [{ required: true, message: t('form.required') }];
  const total = (shares ?? []).reduce((sum, s) => sum + Math.round((s?.share ?? 0) * 10_000), 0) / 10_000;

  return (
    <UpsertModal open={open} title={t(editing ? 'programForm.edit' : 'programForm.create')} busy={busy} error={error} width={720} onClose={onClose} onSave={() => form.submit()}>
      <ApiErrorAlert error={partners.error} title={t('programs.partnersFailed')} />
      <Form<ProgramFields>
        name="program"
        form={form}
        layout="vertical"
        onFinish={(v) => void save(toInput(v))}
        disabled={busy}
        className="songda-entity-form"
        initialValues={{ payerMode: 'government', requirements: { recipientOnly: true, idCheck: false }, slaDays: 7, payerShares: [] }}
      >
        <div className="songda-form-grid">
          <Form.Item name="code" label={t('programs.code')} rules={[{ ...required[0], whitespace: true }]} extra={editing ? undefined : t('programForm.codeHint')}>
            <Input className="songda-mono" maxLength={32} disabled={editing} autoComplete="off" />
          </Form.Item>
          <Form.Item name="name" label={t('programs.name')} rules={[{ ...required[0], whitespace: true }]}>
            <Input maxLength={100} autoComplete="off" />
          </Form.Item>
          <Form.Item name="documentType" label={t('programs.documentType')} rules={[{ ...required[0], whitespace: true }]} extra={t('programForm.documentTypeHint')}>
            <AutoComplete options={DOCUMENT_TYPES.map((d) => ({ value: d }))} maxLength={50} />
          </Form.Item>
          <Form.Item name="sponsor" label={t('programs.sponsor')} rules={required}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={partnerOptions} placeholder={t('programForm.choosePartner')} loading={partners.loading} />
          </Form.Item>
          <Form.Item name="payerMode" label={t('programs.payerMode')} rules={required}>
            <Select options={PAYER_MODES.map((m) => ({ value: m, label: label('payerMode', m) }))} />
          </Form.Item>
          <Form.Item name="slaDays" label={t('programForm.slaDays')} rules={required}>
            <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </div>

        <Form.Item label={t('programs.requirements')} className="songda-form-requirements">
          <Space wrap size="large">
            <Form.Item name={['requirements', 'recipientOnly']} valuePropName="checked" noStyle>
              <Checkbox>{t('programs.recipientOnly')}</Checkbox>
            </Form.Item>
            <Form.Item name={['requirements', 'idCheck']} valuePropName="checked" noStyle>
              <Checkbox>{t('programs.idCheck')}</Checkbox>
            </Form.Item>
          </Space>
        </Form.Item>
        <Form.Item name={['requirements', 'activationBank']} label={t('programForm.activationBank')} extra={t('programForm.activationBankHint')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={partnerOptions} placeholder={t('programForm.choosePartner')} />
        </Form.Item>
        <div className="songda-form-grid">
          <Form.Item name={['requirements', 'maxAttempts']} label={t('programForm.maxAttempts')} extra={t('programForm.maxAttemptsHint')}>
            <InputNumber min={1} max={10} precision={0} placeholder="3" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name={['requirements', 'holdDays']} label={t('programForm.holdDays')} extra={t('programForm.holdDaysHint')}>
            <InputNumber min={1} max={30} precision={0} placeholder="7" style={{ width: '100%' }} />
          </Form.Item>
        </div>

        {payerMode === 'recipient' ? (
          <Form.Item label={t('programForm.payerShares')}>
            <Typography.Text type="secondary">{t('programForm.recipientPays')}</Typography.Text>
          </Form.Item>
        ) : (
          <Form.List name="payerShares">
            {(fields, { add, remove }, { errors }) => (
              <Form.Item label={t('programForm.payerShares')} extra={t('programForm.payerSharesHint')} className="songda-payer-shares">
                {fields.map((field, i) => (
                  <div key={field.key} className="songda-payer-row" role="group" aria-label={`${t('programForm.payer')} ${i + 1}`}>
                    <Form.Item name={[field.name, 'partner']} className="songda-payer-partner" rules={required}>
                      <Select showSearch={{ optionFilterProp: 'label' }} options={partnerOptions} placeholder={t('programForm.payer')} aria-label={`${t('programForm.payer')} ${i + 1}`} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'share']} className="songda-payer-share" rules={required}>
                      <InputNumber min={0} max={1} step={0.05} placeholder={t('programForm.share')} aria-label={`${t('programForm.share')} ${i + 1}`} style={{ width: '100%' }} />
                    </Form.Item>
                    <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('programForm.removePayer', { n: i + 1 })} />
                  </div>
                ))}
                <Space wrap>
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                    {t('programForm.addPayer')}
                  </Button>
                  {fields.length > 0 && <Typography.Text type="secondary">{t('programForm.total', { total })}</Typography.Text>}
                </Space>
                <div className="songda-payer-errors">
                  <Form.ErrorList errors={errors} />
                </div>
              </Form.Item>
            )}
          </Form.List>
        )}
      </Form>
    </UpsertModal>
  );
}
