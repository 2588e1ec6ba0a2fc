import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useSignedInUser } from '../../app/access';
import type { TProgram } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { NavTable } from '../../components/nav-table';
import { PageHeader } from '../../components/page-header';
import { usePartnerNames } from '../../components/partners';
import { mono } from '../../components/mono';
import { useI18n } from '../../i18n/i18n';
import { ProgramFormModal, mayEditPrograms } from './program-form';

export default function ProgramsPage() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const { data, error, loading } = useApi<TProgram[]>('/programs');
  const partners = usePartnerNames();
  const { partnerName } = partners;
  const path = (code: string) => `/programs/${encodeURIComponent(code)}`;
  const [creating, setCreating] = useState(false);
  const mayEdit = mayEditPrograms(useSignedInUser());
  return (
    <div className="songda-page">
      <PageHeader
        title={t('programs.title')}
        subtitle={t('programs.subtitle')}
        extra={
          mayEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('programForm.create')}
            </Button>
          )
        }
      />
      {mayEdit && <ProgramFormModal open={creating} onClose={() => setCreating(false)} onSaved={(code) => navigate(path(code))} />}
      <ApiErrorAlert error={error} title={t('programs.loadFailed')} />
      <ApiErrorAlert error={partners.error} title={t('programs.partnersFailed')} />
      <Card size="small" className="songda-card">
        <NavTable<TProgram>
          rowKey="code"
          loading={loading}
          dataSource={data ?? []}
          onOpen={(p) => navigate(path(p.code))}
          rowLabel={(p) => p.name}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('programs.none') }}
          columns={[
            { title: t('programs.code'), dataIndex: 'code', width: 150, render: mono },
            {
              title: t('programs.name'),
              dataIndex: 'name',
              ellipsis: true,
              render: (name: string, p) => (
                <Link to={path(p.code)} tabIndex={-1}>
                  {name}
                </Link>
              ),
            },
            { title: t('programs.documentType'), dataIndex: 'documentType', width: 120 },
            { title: t('programs.sponsor'), dataIndex: 'sponsor', width: 200, ellipsis: true, render: (code: string) => partnerName(code) },
            { title: t('programs.payerMode'), dataIndex: 'payerMode', width: 110, render: (m: string) => <Tag>{label('payerMode', m)}</Tag> },
            { title: t('programs.sla'), dataIndex: 'slaDays', width: 90, align: 'right', render: (d: number) => t('programs.days', { n: d }) },
          ]}
        />
      </Card>
    </div>
  );
}
