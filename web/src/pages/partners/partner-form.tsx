import { Form, Input, Select } from 'antd';
import { useMemo } from 'react';
import { PARTNER_KINDS, type TPartner, type TPartnerInput } from '../../api/types';
import { UpsertModal, useUpsertForm } from '../../components/upsert-form';
import { useI18n } from '../../i18n/i18n';

const FIELDS = ['code', 'name', 'kind', 'divisionCode'] as const;

/**
 * A new partner (`partner` absent) or the one given, through POST /partners: ?onlyNew=true when
 * creating, so a code already taken is refused instead of overwritten. The API's rules (a known
 * division, a kind that programs relying on the partner allow) answer beside their fields.
 */
export function PartnerFormModal({ open, partner, onClose, onSaved }: { open: boolean; partner?: TPartner; onClose: () => void; onSaved: (code: string) => void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<TPartnerInput>();
  const editing = partner !== undefined;
  const initial = useMemo(() => partner && { code: partner.code, name: partner.name, kind: partner.kind, divisionCode: partner.divisionCode }, [partner]);
  const { busy, error, save } = useUpsertForm({
    form,
    open,
    initial,
    path: '/partners',
    fields: FIELDS,
    creating: !editing,
    saved: (code) => t(editing ? 'partnerForm.saved' : 'partnerForm.created', { code }),
    onSaved,
  });

  const submit = (v: TPartnerInput) => void save({ code: v.code.trim(), name: v.name.trim(), kind: v.kind, divisionCode: v.divisionCode.trim() });
  const required = [{ required: true, whitespace: true, message: t('form.required') }];
  return (
    <UpsertModal open={open} title={t(editing ? 'partnerForm.edit' : 'partnerForm.create')} busy={busy} error={error} width={560} onClose={onClose} onSave={() => form.submit()}>
      <Form<TPartnerInput> name="partner" form={form} layout="vertical" onFinish={submit} disabled={busy} className="songda-entity-form">
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
    </UpsertModal>
  );
}
