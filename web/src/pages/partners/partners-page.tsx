import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { TPartner } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { mono } from '../../components/mono';
import { NavTable } from '../../components/nav-table';
import { PageHeader } from '../../components/page-header';
import { useI18n } from '../../i18n/i18n';
import { PartnerFormModal } from './partner-form';

export const partnerPath = (code: string) => `/partners/${encodeURIComponent(code)}`;

/** Every partner, each leading to its credentials and webhook endpoints. */
export default function PartnersPage() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const { data, error, loading } = useApi<TPartner[]>('/partners');
  const [creating, setCreating] = useState(false);
  return (
    <div className="songda-page">
      <PageHeader
        title={t('partners.title')}
        subtitle={t('partners.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('partnerForm.create')}
          </Button>
        }
      />
      <PartnerFormModal open={creating} onClose={() => setCreating(false)} onSaved={(code) => navigate(partnerPath(code))} />
      <ApiErrorAlert error={error} title={t('partners.loadFailed')} />
      <Card size="small" className="songda-card">
        <NavTable<TPartner>
          rowKey="code"
          loading={loading}
          dataSource={data ?? []}
          onOpen={(p) => navigate(partnerPath(p.code))}
          rowLabel={(p) => p.name}
          scroll={{ x: 800 }}
          locale={{ emptyText: t('partners.none') }}
          columns={[
            { title: t('partners.code'), dataIndex: 'code', width: 150, render: mono },
            {
              title: t('partners.name'),
              dataIndex: 'name',
              ellipsis: true,
              render: (name: string, p) => (
                <Link to={partnerPath(p.code)} tabIndex={-1}>
                  {name}
                </Link>
              ),
            },
            { title: t('partners.kind'), dataIndex: 'kind', width: 140, render: (k: string) => <Tag>{label('partnerKind', k)}</Tag> },
            { title: t('partners.division'), dataIndex: 'divisionName', width: 200, render: (name: string | null, p) => name ?? p.divisionCode },
          ]}
        />
      </Card>
    </div>
  );
}
