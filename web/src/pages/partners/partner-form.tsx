import { App, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { PARTNER_KINDS, type TPartner, type TPartnerInput, type TUpsertResult } from '../../api/types';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';
import { elementError, showElementError } from '../../lib/element-errors';
import '../programs/forms.css';

const FIELDS = ['code', 'name', 'kind', 'divisionCode'] as const;

/**
 * A new partner (`partner` absent) or the one given, through POST /partners: ?onlyNew=true when
 * creating, so a code already taken is refused instead of overwritten. The API's rules (a known
 * division, a kind that programs relying on the partner allow) answer beside their fields.
 */
export function PartnerFormModal({ open, partner, onClose, onSaved }: { open: boolean; partner?: TPartner; onClose: () => void; onSaved: (code: string) => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TPartnerInput>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const editing = partner !== undefined;

  useEffect(() => {
    if (!open) return;
    setError(undefined);
    form.resetFields();
    if (partner) form.setFieldsValue({ code: partner.code, name: partner.name, kind: partner.kind, divisionCode: partner.divisionCode });
  }, [open, partner, form]);

  const save = async (values: TPartnerInput) => {
    setBusy(true);
    setError(undefined);
    try {
      const body: TPartnerInput[] = [{ code: values.code.trim(), name: values.name.trim(), kind: values.kind, divisionCode: values.divisionCode.trim() }];
      const [result] = await api.post<TUpsertResult[]>('/partners', { body, query: { onlyNew: editing ? undefined : true } });
      const problem = elementError(result);
      if (problem) {
        if (!showElementError(form, problem, FIELDS)) setError(new Error(problem.error));
        return;
      }
      void message.success(t(editing ? 'partnerForm.saved' : 'partnerForm.created', { code: body[0]!.code }));
      onSaved(body[0]!.code);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: t('form.required') }];
  return (
    <Modal
      open={open}
      title={t(editing ? 'partnerForm.edit' : 'partnerForm.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('form.save')}
      cancelText={t('form.cancel')}
      confirmLoading={busy}
      width={560}
      forceRender
    >
      <ApiErrorAlert error={error} title={t('form.saveFailed')} />
      <Form<TPartnerInput> form={form} layout="vertical" onFinish={(v) => void save(v)} disabled={busy} className="songda-entity-form">
        <Form.Item name="code" label={t('partners.code')} rules={required} extra={editing ? undefined : t('partnerForm.codeHint')}>
          <Input className="songda-mono" maxLength={32} disabled={editing} autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('partners.name')} rules={required}>
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item name="kind" label={t('partners.kind')} rules={required}>
          <Select options={PARTNER_KINDS.map((k) => ({ value: k, label: label('partnerKind', k) }))} />
        </Form.Item>
        <Form.Item name="divisionCode" label={t('partnerForm.divisionCode')} rules={required} extra={t('partnerForm.divisionHint')}>
          <Input className="songda-mono" maxLength={6} inputMode="numeric" autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
