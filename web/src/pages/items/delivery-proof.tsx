import { Button, Card, Descriptions, Empty, Image, Modal, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { apiBlob } from '../../api/client';
import type { TDeliveryProof, TItemDelivery } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { UnitLink } from '../../components/units';
import { useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';
import { failureReasonText } from './failure-reason';

const OUTCOME_COLORS = { delivered: 'green', failed: 'red', held: 'orange' } as const;

/**
 * The proof of the item's delivery outcomes: masked receiver, whether the ID matched, the failure
 * reason, activation. Signature and photo are fetched only when asked for: each opening is audited.
 */
export function DeliveryProof({ trackingNo }: { trackingNo: string }) {
  const { t } = useI18n();
  const { data, error } = useApi<TItemDelivery>(`/items/${encodeURIComponent(trackingNo)}/delivery`);
  const [shown, setShown] = useState<{ outcome: TDeliveryProof; kind: 'signature' | 'photo' }>();
  return (
    <Card size="small" className="songda-card" title={t('proof.title')} data-testid="delivery-proof">
      <ApiErrorAlert error={error} title={t('proof.loadFailed')} />
      {data && data.outcomes.length === 0 && <Empty description={t('proof.none')} />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {data?.outcomes.map((o) => <OutcomeProof key={o.id} outcome={o} onShow={(kind) => setShown({ outcome: o, kind })} />)}
      </Space>
      {shown && <ProofImage trackingNo={trackingNo} outcome={shown.outcome} kind={shown.kind} onClose={() => setShown(undefined)} />}
    </Card>
  );
}

function OutcomeProof({ outcome: o, onShow }: { outcome: TDeliveryProof; onShow: (kind: 'signature' | 'photo') => void }) {
  const { t, label } = useI18n();
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
      <Descriptions.Item label={t('proof.outcome')}>
        <Tag color={OUTCOME_COLORS[o.outcome]}>{t(`proof.outcome.${o.outcome}`)}</Tag>
        <span className="songda-nowrap">{localTime(o.at)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('proof.site')}>
        <UnitLink code={o.site} />
        {o.operator && <Typography.Text type="secondary"> · {o.operator}</Typography.Text>}
      </Descriptions.Item>
      {o.receivedBy && (
        <Descriptions.Item label={t('proof.receivedBy')}>
          {t(`proof.receivedBy.${o.receivedBy}`)}
          {o.receiverMasked && ` · ${o.receiverMasked}`}
        </Descriptions.Item>
      )}
      {o.outcome === 'delivered' && (
        <Descriptions.Item label={t('proof.idChecked')}>{o.idMatched ? <Tag color="green">{t('proof.idMatched')}</Tag> : t('proof.idNotChecked')}</Descriptions.Item>
      )}
      {(o.reason || o.reasonNote) && (
        <Descriptions.Item label={t('proof.reason')} span={2}>
          {o.reason ? failureReasonText(o.reason === 'OTHER' ? `OTHER:${o.reasonNote ?? ''}` : o.reason, label) : o.reasonNote}
        </Descriptions.Item>
      )}
      {o.activation && (
        <Descriptions.Item label={t('proof.activation')}>
          {t(`proof.activation.${o.activation.result}`)}
          {o.activation.bankStaff && ` · ${o.activation.bankStaff}`}
        </Descriptions.Item>
      )}
      {o.location && <Descriptions.Item label={t('proof.location')}>{`${o.location.lat.toFixed(5)}, ${o.location.lng.toFixed(5)}`}</Descriptions.Item>}
      <Descriptions.Item label={t('proof.recordedBy')} span={o.images.length > 0 ? 1 : 2}>
        {o.recordedBy}
      </Descriptions.Item>
      {o.images.length > 0 && (
        <Descriptions.Item label={t('proof.images')}>
          <Space wrap>
            {o.images.includes('signature') && (
              <Button size="small" onClick={() => onShow('signature')}>
                {t('proof.showSignature')}
              </Button>
            )}
            {o.images.includes('photo') && (
              <Button size="small" onClick={() => onShow('photo')}>
                {t('proof.showPhoto')}
              </Button>
            )}
            <Typography.Text type="secondary">{t('proof.imageAudited')}</Typography.Text>
          </Space>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/**
 * Fetched when opened (the server audits it) and shown as a data URL: the console's Content Security
 * Policy allows images from itself and data: only, not blob:. Dropped when the dialog closes.
 */
function ProofImage({ trackingNo, outcome, kind, onClose }: { trackingNo: string; outcome: TDeliveryProof; kind: 'signature' | 'photo'; onClose: () => void }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let open = true;
    apiBlob('GET', `/items/${encodeURIComponent(trackingNo)}/delivery/${encodeURIComponent(outcome.id)}/${kind}`)
      .then(dataUrlOf)
      .then((made) => {
        if (open) setUrl(made);
      })
      .catch(setError);
    return () => {
      open = false;
    };
  }, [trackingNo, outcome.id, kind]);
  return (
    <Modal open title={kind === 'signature' ? t('proof.showSignature') : t('proof.showPhoto')} onCancel={onClose} footer={null}>
      <ApiErrorAlert error={error} title={t('proof.loadFailed')} />
      {url && <Image src={url} alt={kind} preview={false} data-testid="proof-image" />}
    </Modal>
  );
}

function dataUrlOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the image could not be read'));
    reader.readAsDataURL(blob);
  });
}
