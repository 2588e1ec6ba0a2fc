import { EditOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import type { TPartner } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { PageHeader } from '../../components/page-header';
import { useI18n } from '../../i18n/i18n';
import { PartnerAccess } from './partner-access';
import { PartnerFormModal } from './partner-form';
import { PartnerGreenChannel } from './partner-green-channel';
import { partnerPath } from './partners-page';

/** A partner as the post's administrator manages it: its name, kind and division, its green channel, its tokens and webhook endpoints. */
export default function PartnerPage() {
  const { t, label } = useI18n();
  const { code = '' } = useParams();
  const { data, error, reload } = useApi<TPartner[]>('/partners');
  const partner = data?.find((p) => p.code === code);
  const [editing, setEditing] = useState(false);
  return (
    <div className="songda-page">
      <PageHeader
        title={partner?.name ?? code}
        subtitle={partner ? `${partner.code} · ${label('partnerKind', partner.kind)} · ${partner.divisionName ?? partner.divisionCode}` : undefined}
        extra={
          partner && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('partnerForm.edit')}
            </Button>
          )
        }
      />
      <PartnerFormModal
        open={editing}
        partner={partner}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          reload();
        }}
      />
      <ApiErrorAlert error={error} title={t('partners.loadFailed')} />
      {partner && <PartnerGreenChannel partner={code} />}
      <PartnerAccess partner={code} basePath={partnerPath(code)} admin />
    </div>
  );
}
