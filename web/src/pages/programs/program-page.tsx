import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Skeleton, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { mayView, useSignedInUser } from '../../app/access';
import type { TProgramDetail } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { PageHeader } from '../../components/page-header';
import { usePartnerNames } from '../../components/partners';
import { useI18n } from '../../i18n/i18n';
import { count, localTime } from '../../lib/format';
import { useUrlState } from '../../lib/url-state';
import { InvitationsPanel } from './invitations-panel';
import { LabelsPanel } from './labels-panel';
import { ProgramFormModal, mayEditPrograms } from './program-form';
import { ProgramReportPanel } from './program-report-panel';
import { ProgramWorkOrderSettings } from './program-work-order-settings';
import { RecipientsPanel } from './recipients-panel';

const TABS = ['report', 'recipients', 'invitations', 'labels', 'workOrders'] as const;
type Tab = (typeof TABS)[number];

export default function ProgramPage() {
  const { t, label } = useI18n();
  const { code = '' } = useParams();
  const { get, set } = useUrlState();
  const user = useSignedInUser();
  // The work-order settings are the administrators' (the API refuses anyone else's PUT).
  const admin = mayView(user, 'admin');
  const asked = get('tab') ?? '';
  const tab: Tab = (TABS as readonly string[]).includes(asked) && (asked !== 'workOrders' || admin) ? (asked as Tab) : 'report';
  const { data, error, loading, reload } = useApi<TProgramDetail>(`/programs/${encodeURIComponent(code)}`);
  const partners = usePartnerNames();
  const { partnerName } = partners;
  const [editing, setEditing] = useState(false);
  const mayEdit = mayEditPrograms(user);

  return (
    <div className="songda-page">
      <PageHeader
        title={data?.name ?? code}
        subtitle={data ? `${data.code} · ${data.documentType}` : undefined}
        extra={
          mayEdit &&
          data && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('programForm.edit')}
            </Button>
          )
        }
      />
      {mayEdit && (
        <ProgramFormModal
          open={editing}
          program={data}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            reload();
          }}
        />
      )}
      <ApiErrorAlert error={error} title={t('programs.loadFailed')} />
      <ApiErrorAlert error={partners.error} title={t('programs.partnersFailed')} />
      {loading && !data && <Skeleton active />}
      {data && (
        <Card size="small" className="songda-card">
          <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 4 }}>
            <Descriptions.Item label={t('programs.documentType')}>{data.documentType}</Descriptions.Item>
            <Descriptions.Item label={t('programs.sponsor')}>{partnerName(data.sponsor)}</Descriptions.Item>
            <Descriptions.Item label={t('programs.payerMode')}>
              {label('payerMode', data.payerMode)}
              {data.payerShares && data.payerShares.length > 0 && ` (${data.payerShares.map((s) => `${partnerName(s.partner)} ${Number((s.share * 100).toFixed(2))}%`).join('、')})`}
            </Descriptions.Item>
            <Descriptions.Item label={t('programs.sla')}>{t('programs.days', { n: data.slaDays })}</Descriptions.Item>
            <Descriptions.Item label={t('programs.requirements')} span={2}>
              {data.requirements.recipientOnly && <Tag>{t('programs.recipientOnly')}</Tag>}
              {data.requirements.idCheck && <Tag>{t('programs.idCheck')}</Tag>}
              {data.requirements.activationBank && <Tag>{t('programs.activation', { bank: partnerName(data.requirements.activationBank) })}</Tag>}
              {!data.requirements.recipientOnly && !data.requirements.idCheck && !data.requirements.activationBank && '–'}
            </Descriptions.Item>
            <Descriptions.Item label={t('programForm.maxAttempts')}>{data.requirements.maxAttempts ?? 3}</Descriptions.Item>
            <Descriptions.Item label={t('programForm.holdDays')}>{t('programs.days', { n: data.requirements.holdDays ?? 7 })}</Descriptions.Item>
            <Descriptions.Item label={t('programs.recipients')}>{count(data.recipients)}</Descriptions.Item>
            <Descriptions.Item label={t('programForm.createdAt')}>{localTime(data.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('programForm.updatedAt')}>{localTime(data.updatedAt)}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Card size="small" className="songda-card">
        <Tabs
          activeKey={tab}
          onChange={(key) => set({ tab: key === 'report' ? null : key, from: null, to: null })}
          destroyOnHidden
          items={[
            { key: 'report', label: t('programs.tab.report'), children: <ProgramReportPanel code={code} /> },
            { key: 'recipients', label: t('programs.tab.recipients'), children: <RecipientsPanel code={code} onImported={reload} /> },
            { key: 'invitations', label: t('programs.tab.invitations'), children: <InvitationsPanel code={code} /> },
            { key: 'labels', label: t('programs.tab.labels'), children: <LabelsPanel /> },
            ...(admin ? [{ key: 'workOrders', label: t('woSettings.tab'), children: <ProgramWorkOrderSettings code={code} /> }] : []),
          ]}
        />
      </Card>
    </div>
  );
}
