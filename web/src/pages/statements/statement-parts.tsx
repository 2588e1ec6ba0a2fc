import { Tag } from 'antd';
import { useCallback } from 'react';
import type { SessionUser, StatementStatus, TPartner } from '../../api/types';
import { useApi } from '../../api/use-api';
import { useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';

/** The payer of postage the addressee pays (自费): not a partner, billed as one all the same. */
export const RECIPIENT_PAYER = 'recipient';

export const statementPath = (id: string) => `/statements/${encodeURIComponent(id)}`;

/** The post's admins and operators make, issue and void statements; a viewer and a partner only read them. */
export const mayBill = (user: SessionUser | undefined) => user?.role === 'admin' || user?.role === 'operator';

const STATUS_COLORS: Record<StatementStatus, string> = { draft: 'blue', issued: 'green', void: 'default' };

export function StatementStatusTag({ status }: { status: StatementStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status}>
      {label('statementStatus', status)}
    </Tag>
  );
}

/** An instant of a header (epoch ms, or ISO should the server write one) in the reporting zone. */
export function statementTime(at: number | string | null | undefined): string {
  if (at === null || at === undefined) return '';
  return localTime(typeof at === 'number' ? new Date(at).toISOString() : at);
}

/** "宜昌市退役军人事务局 YC-VAB", or 收件人自付 for the addressee. */
export function usePayerName(): (payer: string, name?: string | null) => string {
  const { t } = useI18n();
  return useCallback((payer, name) => (payer === RECIPIENT_PAYER ? t('stmt.recipient') : name ? `${name} ${payer}` : payer), [t]);
}

/**
 * The payers a statement can be made for: every partner (GET /partners, which a partner's own
 * credential answers with itself) and the recipient.
 */
export function usePayerOptions(needed = true): { options: { value: string; label: string }[]; loading: boolean } {
  const payerName = usePayerName();
  const { data, loading } = useApi<TPartner[]>(needed ? '/partners' : null);
  const partners = (data ?? []).map((p) => ({ value: p.code, label: payerName(p.code, p.name) }));
  return { options: [...partners, { value: RECIPIENT_PAYER, label: payerName(RECIPIENT_PAYER) }], loading };
}

/** An actor as people read it (the audit log's form): a user by name, a token by the start of its id, the command line. */
function useActorName(): (actor: string) => string {
  const { label } = useI18n();
  return (actor) => {
    const [kind = '', ...rest] = actor.split(':');
    const id = rest.join(':');
    if (kind === 'user' && id) return id;
    return id ? `${label('actorKind', kind)} ${id.slice(0, 8)}` : label('actorKind', actor);
  };
}

/** Who did it and when, as a header says it; '–' when not (yet) done. */
export function ByAt({ by, at }: { by: string | null; at: number | string | null }) {
  const { t } = useI18n();
  const actorName = useActorName();
  if (at === null) return <>–</>;
  return <span title={by ?? undefined}>{by ? t('stmt.byAt', { by: actorName(by), at: statementTime(at) }) : statementTime(at)}</span>;
}
