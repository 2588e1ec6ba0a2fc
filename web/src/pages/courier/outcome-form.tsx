// One item at the door: the courier picks the outcome and gives what the item's program asks — who
// received it, the ID number, the activation result — with a signature and a photo; or why it failed.
// The server's refusals show at the fields they name, in the page's language.
import { Alert, Button, Form, Input, Radio, Segmented, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { ACTIVATION_RESULTS, FAILURE_REASONS, type OutcomeElement, RECEIVERS, type RoundItem } from './courier-types';
import { newClientId } from './outbox';
import { PhotoInput, SignaturePad } from './proof-capture';

type Outcome = OutcomeElement['outcome'];
type Refusal = { field?: string; message: string };

interface Values {
  receivedBy?: OutcomeElement['receivedBy'];
  receiverName?: string;
  idNumber?: string;
  signature?: string;
  photo?: string;
  activation?: { result?: NonNullable<OutcomeElement['activation']>['result']; bankStaff?: string };
  reason?: OutcomeElement['reason'];
  reasonNote?: string;
}

/** What recording an outcome came to: with the server, waiting on the phone, or refused with why. */
export type RecordAnswer = { kind: 'sent' } | { kind: 'queued' } | { kind: 'refused'; refusals: Refusal[] };

/** The phone's clock as a scan instant with its UTC offset (2026-12-04T10:15:00+08:00). */
export function instantNow(now = new Date()): string {
  const offset = -now.getTimezoneOffset();
  const local = new Date(now.getTime() + offset * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offset);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${local}${offset >= 0 ? '+' : '-'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

const FORM_FIELDS = new Set(['receivedBy', 'receiverName', 'idNumber', 'signature', 'photo', 'activation', 'reason', 'reasonNote']);

export function RequirementTags({ item }: { item: Pick<RoundItem, 'requirements'> }) {
  const { t } = useI18n();
  const r = item.requirements;
  return (
    <>
      {r.recipientOnly && <Tag color="volcano">{t('m.req.recipientOnly')}</Tag>}
      {r.idCheck && <Tag color="blue">{t('m.req.idCheck')}</Tag>}
      {r.activationBank && <Tag color="gold">{t('m.req.activation')}</Tag>}
    </>
  );
}

export function OutcomeForm({
  item,
  office,
  fixing,
  record,
  onBack,
}: {
  item: Pick<RoundItem, 'trackingNo' | 'address' | 'programName' | 'requirements'>;
  office: string;
  /** An outcome the server refused while it waited: opened again with its values and the refusals. */
  fixing?: { element: OutcomeElement; refused: Refusal[] };
  record: (element: OutcomeElement) => Promise<RecordAnswer>;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [outcome, setOutcome] = useState<Outcome>(fixing?.element.outcome ?? 'delivered');
  const [busy, setBusy] = useState(false);
  const [refusals, setRefusals] = useState<Refusal[]>([]);
  // One id per outcome, made once: a resend after a lost answer, or after a fix, is the same outcome.
  const clientId = useRef(fixing?.element.clientId ?? newClientId());
  // Before the form's store answers (the first render), what an outcome being fixed had: its fields are there to show its refusals.
  const receivedBy = Form.useWatch('receivedBy', form) ?? fixing?.element.receivedBy;
  const reason = Form.useWatch('reason', form) ?? fixing?.element.reason;
  const req = item.requirements;
  const receivers = req.recipientOnly ? RECEIVERS.filter((r) => r === 'recipient' || r === 'counter') : RECEIVERS;
  const idNeeded = req.idCheck || receivedBy === 'counter';

  const showRefusals = (found: Refusal[]) => {
    form.setFields(
      found
        .filter((r) => r.field && FORM_FIELDS.has(r.field))
        .map((r) => ({ name: (r.field === 'activation' ? ['activation', 'result'] : [r.field]) as never, errors: [atField(r.field!, r.message)] })),
    );
    setRefusals(found.filter((r) => !r.field || !FORM_FIELDS.has(r.field)));
  };
  // An outcome opened to be fixed shows why it was refused, once the form's fields exist.
  useEffect(() => {
    if (fixing) showRefusals(fixing.refused);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = async (v: Values) => {
    const element: OutcomeElement = {
      clientId: clientId.current,
      trackingNo: item.trackingNo,
      outcome,
      at: instantNow(),
      site: office,
      ...(outcome === 'delivered'
        ? {
            receivedBy: v.receivedBy,
            ...(v.receiverName?.trim() ? { receiverName: v.receiverName.trim() } : {}),
            // Asked only when needed: a number typed for a counter pickup, then another receiver chosen, is not sent.
            ...(idNeeded && v.idNumber?.trim() ? { idNumber: v.idNumber.trim() } : {}),
            ...(v.signature ? { signature: v.signature } : {}),
            ...(v.photo ? { photo: v.photo } : {}),
            ...(req.activationBank && v.activation?.result
              ? { activation: { result: v.activation.result, ...(v.activation.bankStaff?.trim() ? { bankStaff: v.activation.bankStaff.trim() } : {}) } }
              : {}),
          }
        : {}),
      ...(outcome === 'failed' ? { reason: v.reason, ...(v.reason === 'OTHER' ? { reasonNote: v.reasonNote?.trim() } : {}) } : {}),
    };
    setBusy(true);
    setRefusals([]);
    try {
      const answer = await record(element);
      if (answer.kind === 'refused') showRefusals(answer.refusals);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="songda-m-item" data-testid="m-item">
      <header className="songda-m-item-head">
        <Button size="large" onClick={onBack} aria-label={t('m.back')}>
          ‹ {t('m.back')}
        </Button>
        <div className="songda-m-item-title">
          <div className="songda-mono songda-m-tracking">{item.trackingNo}</div>
          <div className="songda-m-sub">{item.address ?? t('m.noAddress')}</div>
          <div className="songda-m-sub">
            {item.programName} <RequirementTags item={item} />
          </div>
        </div>
      </header>

      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        disabled={busy}
        onFinish={(v) => void submit(v)}
        initialValues={fixing ? valuesOf(fixing.element) : undefined}
        className="songda-m-form"
        id="m-outcome-form"
      >
        <Form.Item label={t('m.outcome')}>
          <Segmented
            block
            size="large"
            value={outcome}
            onChange={(v) => setOutcome(v as Outcome)}
            options={(['delivered', 'failed', 'held'] as const).map((o) => ({ value: o, label: t(`m.outcome.${o}`) }))}
          />
        </Form.Item>

        {outcome === 'delivered' && (
          <>
            <Form.Item name="receivedBy" label={t('m.receivedBy')} rules={[{ required: true, message: t('m.receivedByRequired') }]}>
              <Radio.Group optionType="button" buttonStyle="solid" size="large" className="songda-m-choices">
                {receivers.map((r) => (
                  <Radio.Button key={r} value={r}>
                    {t(`m.receivedBy.${r}`)}
                  </Radio.Button>
                ))}
              </Radio.Group>
            </Form.Item>
            <Form.Item name="receiverName" label={t('m.receiverName')}>
              <Input size="large" autoComplete="off" maxLength={50} />
            </Form.Item>
            {idNeeded && (
              <Form.Item name="idNumber" label={t('m.idNumber')} rules={[{ required: true, message: req.idCheck ? t('m.idNumberRequired') : t('m.idNumberCounter') }]}>
                <Input size="large" autoComplete="off" inputMode="text" maxLength={18} className="songda-mono" />
              </Form.Item>
            )}
            {req.activationBank && (
              <>
                <Form.Item name={['activation', 'result']} label={t('m.activation', { bank: req.activationBank })} rules={[{ required: true, message: t('m.activationRequired') }]}>
                  <Radio.Group optionType="button" buttonStyle="solid" size="large" className="songda-m-choices">
                    {ACTIVATION_RESULTS.map((r) => (
                      <Radio.Button key={r} value={r}>
                        {t(`m.activation.${r}`)}
                      </Radio.Button>
                    ))}
                  </Radio.Group>
                </Form.Item>
                <Form.Item name={['activation', 'bankStaff']} label={t('m.bankStaff')}>
                  <Input size="large" autoComplete="off" maxLength={50} />
                </Form.Item>
              </>
            )}
            <Form.Item name="signature" label={t('m.signature')}>
              <SignaturePad />
            </Form.Item>
            <Form.Item name="photo" label={t('m.photo')}>
              <PhotoInput />
            </Form.Item>
          </>
        )}

        {outcome === 'failed' && (
          <>
            <Form.Item name="reason" label={t('m.reason')} rules={[{ required: true, message: t('m.reasonRequired') }]}>
              <Radio.Group size="large" className="songda-m-reasons">
                {FAILURE_REASONS.map((r) => (
                  <Radio key={r} value={r}>
                    {t(`reason.${r}`)}
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
            {reason === 'OTHER' && (
              <Form.Item name="reasonNote" label={t('m.reasonNote')} rules={[{ required: true, whitespace: true, message: t('m.reasonNoteRequired') }]}>
                <Input.TextArea rows={2} maxLength={150} />
              </Form.Item>
            )}
          </>
        )}

        {outcome === 'held' && <Alert type="info" showIcon message={t('m.heldNote')} />}

        {refusals.length > 0 && (
          <Alert type="error" showIcon message={t('m.rejected')} description={refusals.map((r) => r.message).join('；')} data-testid="m-refusals" />
        )}
      </Form>

      <div className="songda-m-bar">
        <Button type="primary" size="large" block htmlType="submit" form="m-outcome-form" loading={busy}>
          {busy ? t('m.submitting') : t('m.submit')}
        </Button>
      </div>
    </div>
  );
}

/** Under its field, a message needs not name the field first (the server's texts start `idNumber：…`). */
function atField(field: string, message: string): string {
  return message.startsWith(field) ? message.slice(field.length).replace(/^[：:]\s*/, '') : message;
}

function valuesOf(e: OutcomeElement): Values {
  return {
    receivedBy: e.receivedBy,
    receiverName: e.receiverName,
    idNumber: e.idNumber,
    signature: e.signature,
    photo: e.photo,
    activation: e.activation,
    reason: e.reason,
    reasonNote: e.reasonNote,
  };
}
