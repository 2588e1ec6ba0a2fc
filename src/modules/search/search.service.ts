import type { Db } from '../../db/database.js';
import { type Scope, scopedPartner } from '../../domain/access-scope.js';
import { findDivision } from '../../domain/divisions.js';
import { maskName } from '../../domain/mask-name.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { formatZoned } from '../../domain/scan-time.js';
import { PERSONAL_SEARCH_KINDS, type SearchKind, type SearchTerms, kindsOf, readSearchQuery } from '../../domain/search-query.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { listItemsByTrackingNos } from '../items/item-list.service.js';
import { programCodesInScope } from '../programs/program.service.js';
import { type FoundRecipient, type RecipientSearchKey, searchRecipients } from '../recipients/recipient-search.repository.js';
import { recipientIdHashes, recipientPhoneHashes } from '../recipients/recipient.service.js';
import { type FoundRequest, type RequestSearchKey, searchRequests } from '../requests/request-search.repository.js';
import type { SiteDirectory } from '../units/unit.service.js';
import { SEARCH_GROUP_LIMIT, type TSearchResult } from './search.schemas.js';

export interface SearchDeps {
  db: Db;
  cipher: PersonalDataCipher;
  sites: SiteDirectory;
  timeZone: string;
  now: number;
}

// What each owner calls the key a kind is looked for by.
const KIND_OF_KEY: Record<RequestSearchKey | RecipientSearchKey, SearchKind> = {
  trackingNo: 'trackingNo',
  phoneHashes: 'phone',
  idHashes: 'idNumber',
  name: 'name',
  documentNo: 'documentNo',
  externalRef: 'externalRef',
};

/**
 * GET /search: reads what the text may be, asks the owners of items, requests and recipient lists
 * for what each kind finds within the caller's programs, and answers every group masked and bounded.
 * Phone and ID numbers are looked for by their keyed hash under every key of the ring (a rotation may
 * be half done). A search by personal data leaves an audit row naming who searched and by which kinds.
 */
export async function search(deps: SearchDeps, text: string, actor: string, scope: Scope): Promise<TSearchResult> {
  const read = readSearchQuery(text);
  if (!read.ok) throw new AppError('invalid_request', read.message, [{ field: 'q', message: read.message }]);
  const { terms } = read;
  const kinds = kindsOf(terms);
  const programs = await programCodesInScope(deps.db, scope);
  const limit = SEARCH_GROUP_LIMIT + 1;
  const hashes = {
    phoneHashes: terms.phone ? recipientPhoneHashes(deps.cipher, terms.phone) : undefined,
    idHashes: terms.idNumber ? recipientIdHashes(deps.cipher, terms.idNumber) : undefined,
  };
  const requests = await searchRequests(deps.db, { ...terms, ...hashes }, programs, limit);
  const recipients = await searchRecipients(deps.db, { ...hashes, name: terms.name }, programs, limit);
  const shownRequests = requests.slice(0, SEARCH_GROUP_LIMIT);
  const trackingNos = [...(terms.trackingNo ? [terms.trackingNo] : []), ...shownRequests.flatMap((r) => (r.tracking_no ? [r.tracking_no] : []))];
  const items = await listItemsByTrackingNos(deps, trackingNos, scope);

  const result: TSearchResult = {
    q: text.trim(),
    kinds,
    items: { rows: items.slice(0, SEARCH_GROUP_LIMIT).map((i) => ({ ...i, link: itemLink(i.trackingNo) })), more: items.length > SEARCH_GROUP_LIMIT || requests.length > SEARCH_GROUP_LIMIT },
    requests: { rows: shownRequests.map((r) => showRequest(r, deps.timeZone)), more: requests.length > SEARCH_GROUP_LIMIT },
    recipients: { rows: recipients.slice(0, SEARCH_GROUP_LIMIT).map(showRecipient), more: recipients.length > SEARCH_GROUP_LIMIT },
  };
  await auditPersonalSearch(deps, terms, result, actor, scope);
  return result;
}

async function auditPersonalSearch(deps: SearchDeps, terms: SearchTerms, result: TSearchResult, actor: string, scope: Scope): Promise<void> {
  const personal = kindsOf(terms).filter((k) => PERSONAL_SEARCH_KINDS.has(k));
  if (personal.length === 0) return;
  await recordAudit(deps.db, {
    at: deps.now,
    actor,
    action: 'search.personal_data',
    subject: personal.join(','),
    detail: { kinds: result.kinds, found: { items: result.items.rows.length, requests: result.requests.rows.length, recipients: result.recipients.rows.length } },
    partner: scopedPartner(scope),
  });
}

const itemLink = (trackingNo: string) => `/items/${encodeURIComponent(trackingNo)}`;
const programLink = (code: string, tab?: string) => `/programs/${encodeURIComponent(code)}${tab ? `?tab=${tab}` : ''}`;
const matched = (keys: readonly (RequestSearchKey | RecipientSearchKey)[]) => [...new Set(keys.map((k) => KIND_OF_KEY[k]))];

function showRequest(r: FoundRequest, timeZone: string): TSearchResult['requests']['rows'][number] {
  return {
    id: r.id,
    programCode: r.program_code,
    status: r.status,
    trackingNo: r.tracking_no,
    name: maskName(r.name),
    phone: r.phone_masked,
    idNumber: r.id_masked,
    documentNo: r.document_no,
    externalRef: r.external_ref,
    createdAt: formatZoned(Number(r.created_at), timeZone),
    matchedBy: matched(r.matchedBy),
    // A request shows on its item's page once mailed; a waiting one on its program's page.
    link: r.tracking_no ? itemLink(r.tracking_no) : programLink(r.program_code),
  };
}

function showRecipient(r: FoundRecipient): TSearchResult['recipients']['rows'][number] {
  return {
    id: r.id,
    programCode: r.program_code,
    name: maskName(r.name),
    phone: r.phone_masked,
    idNumber: r.id_masked,
    category: r.category,
    divisionCode: r.division_code,
    divisionName: r.division_code ? (findDivision(r.division_code)?.fullName ?? null) : null,
    matchedBy: matched(r.matchedBy),
    link: programLink(r.program_code, 'recipients'),
  };
}
