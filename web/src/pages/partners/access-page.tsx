import type { TPartner } from '../../api/types';
import { useApi } from '../../api/use-api';
import { useSignedInUser } from '../../app/access';
import { PageHeader } from '../../components/page-header';
import { useI18n } from '../../i18n/i18n';
import { PartnerAccess } from './partner-access';

/** "My access": a partner's user sees and manages its own partner's tokens and endpoints, no other. */
export default function AccessPage() {
  const { t } = useI18n();
  const user = useSignedInUser();
  const partner = user?.partner ?? '';
  // A partner's session lists itself only.
  const { data } = useApi<TPartner[]>('/partners');
  const name = data?.find((p) => p.code === partner)?.name;
  return (
    <div className="songda-page">
      <PageHeader title={t('access.title')} subtitle={`${name ?? partner} · ${t('access.subtitle')}`} />
      <PartnerAccess partner={partner} basePath="/access" admin={false} />
    </div>
  );
}
