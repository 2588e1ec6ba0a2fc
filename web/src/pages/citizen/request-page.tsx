import { Alert, Button, Cascader, Descriptions, Form, Input, Result, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client';
import type { TPublicInvitation, TPublicRequestResult } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';
import type { DivisionOption } from '../../lib/division-options';
import { localTime } from '../../lib/format';
import { CitizenShell, INVITATION_ERRORS } from './citizen-shell';

interface RequestForm {
  name?: string;
  idNumber?: string;
  phone: string;
  /** Province, city and county codes; the last is sent. */
  division: string[];
  address: string;
}

/** The picker's divisions, loaded once the form is shown (the data is a chunk of its own), and the path to a county. */
function useDivisions(): { options: DivisionOption[] | undefined; pathTo: (code: string) => string[] | undefined } {
  const [loaded, setLoaded] = useState<typeof import('../../lib/division-options')>();
  useEffect(() => {
    let live = true;
    void import('../../lib/division-options').then((m) => live && setLoaded(m));
    return () => {
      live = false;
    };
  }, []);
  return { options: loaded?.DIVISION_OPTIONS, pathTo: (code) => loaded?.divisionPath(code) };
}

const MOBILE = /^1[3-9]\d{9}$/;
const RESIDENT_ID = /^\d{17}[\dXx]$/;

function InvitationProblem({ error }: { error: unknown }) {
  const { t } = useI18n();
  const key = error instanceof ApiError ? INVITATION_ERRORS[error.code] : undefined;
  return (
    <>
      {key && <Alert type="warning" showIcon title={t(key)} className="songda-card" />}
      <ApiErrorAlert error={error} />
    </>
  );
}

/** The page a QR code on a notice opens: the citizen asks for the document by mail. */
export default function RequestPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { token = '' } = useParams();
  const invitation = useApi<TPublicInvitation>(`/public/invitations/${encodeURIComponent(token)}`, {}, { anonymous: true });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<TPublicRequestResult & { phone4: string }>();
  const divisions = useDivisions();
  const [form] = Form.useForm<RequestForm>();
  // A listed recipient's county is where the picker starts; the citizen may change it.
  const listedCounty = invitation.data?.divisionCode;
  const listedPath = listedCounty && divisions.options ? divisions.pathTo(listedCounty) : undefined;
  useEffect(() => {
    if (listedPath && !form.getFieldValue('division')) form.setFieldValue('division', listedPath);
  }, [form, listedPath]);

  const submit = async ({ name, idNumber, phone, division, address }: RequestForm) => {
    setBusy(true);
    setError(undefined);
    try {
      const body = {
        phone: phone.trim(),
        address: address.trim(),
        divisionCode: division.at(-1),
        ...(name ? { name: name.trim() } : {}),
        ...(idNumber ? { idNumber: idNumber.trim().toUpperCase() } : {}),
      };
      const answer = await api.post<TPublicRequestResult>(`/public/requests/${encodeURIComponent(token)}`, { body, anonymous: true });
      setDone({ ...answer, phone4: phone.trim().slice(-4) });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    const { trackingNo, phone4 } = done;
    return (
      <CitizenShell title={t('citizen.request.title')}>
        <Result
          status="success"
          title={t('citizen.request.done')}
          subTitle={
            <>
              <div>{done.programName}</div>
              {trackingNo ? (
                <div>
                  {t('citizen.request.trackingNoLabel')}{' '}
                  <Typography.Text strong copyable className="songda-mono songda-tracking-no">
                    {trackingNo}
                  </Typography.Text>
                  <div>{t('citizen.request.keep')}</div>
                </div>
              ) : (
                <div>{t('citizen.request.waiting')}</div>
              )}
            </>
          }
          extra={
            trackingNo && (
              <Button type="primary" size="large" block onClick={() => navigate(`/t/${encodeURIComponent(trackingNo)}`, { state: { phone4 } })}>
                {t('citizen.request.track')}
              </Button>
            )
          }
        />
      </CitizenShell>
    );
  }

  const inv = invitation.data;
  return (
    <CitizenShell title={t('citizen.request.title')}>
      {invitation.loading && <Skeleton active />}
      {invitation.error && <InvitationProblem error={invitation.error} />}
      {inv && (
        <>
          <Descriptions size="small" column={1} bordered className="songda-citizen-facts">
            <Descriptions.Item label={t('citizen.program')}>{inv.programName}</Descriptions.Item>
            <Descriptions.Item label={t('citizen.document')}>
              {inv.documentType}
              {inv.documentNo && ` · ${inv.documentNo}`}
            </Descriptions.Item>
            {inv.recipient && (
              <Descriptions.Item label={t('citizen.recipient')}>
                {inv.recipient.name} <span className="songda-mono">{inv.recipient.idNumber}</span>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('citizen.expires')}>{localTime(inv.expiresAt).slice(0, 16)}</Descriptions.Item>
          </Descriptions>
          {inv.used || inv.expired ? (
            <Alert type="warning" showIcon title={t(inv.used ? 'citizen.err.used' : 'citizen.err.expired')} />
          ) : (
            <Form<RequestForm> form={form} layout="vertical" size="large" onFinish={(v) => void submit(v)} disabled={busy}>
              {inv.asks.name && (
                <Form.Item name="name" label={t('citizen.name')} rules={[{ required: true, message: t('citizen.nameRequired') }]}>
                  <Input autoComplete="name" />
                </Form.Item>
              )}
              {inv.asks.idNumber && (
                <Form.Item
                  name="idNumber"
                  label={t('citizen.idNumber')}
                  rules={[
                    { required: true, message: t('citizen.idNumberRequired') },
                    { pattern: RESIDENT_ID, message: t('citizen.idNumberInvalid') },
                  ]}
                >
                  <Input autoComplete="off" maxLength={18} />
                </Form.Item>
              )}
              <Form.Item
                name="phone"
                label={t('citizen.phone')}
                extra={t('citizen.phoneHint')}
                rules={[
                  { required: true, message: t('citizen.phoneRequired') },
                  { pattern: MOBILE, message: t('citizen.phoneInvalid') },
                ]}
              >
                <Input type="tel" inputMode="numeric" autoComplete="tel" maxLength={11} />
              </Form.Item>
              <Form.Item name="division" label={t('citizen.division')} extra={t('citizen.divisionHint')} rules={[{ required: true, message: t('citizen.divisionRequired') }]}>
                <Cascader
                  options={divisions.options}
                  loading={!divisions.options}
                  placeholder={divisions.options ? t('citizen.divisionPlaceholder') : t('citizen.divisionLoading')}
                  showSearch={{ filter: (input, path) => path.some((o) => String(o.label).includes(input)) }}
                  classNames={{ popup: { root: 'songda-division-popup' } }}
                  allowClear={false}
                />
              </Form.Item>
              <Form.Item
                name="address"
                label={t('citizen.streetAddress')}
                extra={t('citizen.streetAddressHint')}
                rules={[
                  { required: true, message: t('citizen.addressRequired') },
                  { min: 6, message: t('citizen.addressShort') },
                ]}
              >
                <Input.TextArea autoComplete="street-address" rows={3} maxLength={200} />
              </Form.Item>
              {error !== undefined && (
                <Form.Item>
                  <InvitationProblem error={error} />
                </Form.Item>
              )}
              <Button type="primary" htmlType="submit" block loading={busy}>
                {t('citizen.request.submit')}
              </Button>
              <p className="songda-citizen-note">{t('citizen.privacy')}</p>
            </Form>
          )}
        </>
      )}
    </CitizenShell>
  );
}
