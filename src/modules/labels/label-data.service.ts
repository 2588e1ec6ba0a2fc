import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Scope } from '../../domain/access-scope.js';
import { findDivision } from '../../domain/divisions.js';
import { formatLocalDate, localDateOf } from '../../domain/local-day.js';
import { maskName } from '../../domain/mask-name.js';
import type { LabelData, LabelRecipient, LabelSender } from '../../pdf/label-pdf.js';
import { findItemsByTrackingNos } from '../items/item-batch.repository.js';
import type { ItemTable } from '../items/item.table.js';
import { type Partner, getPartners } from '../programs/partner.service.js';
import { type Program, getProgram } from '../programs/program.service.js';
import { type RequestForLabel, findRequestsByTrackingNos } from '../requests/request-lookup.repository.js';
import { getUnit } from '../units/unit.service.js';
import { type Message, msg } from '../../i18n/message.js';

export interface LabelDataDeps {
  db: Db;
  /** Unit names by code (the in-memory directory). */
  unitName(code: string): string | null;
  /** Zone the label's date is written in. */
  timeZone: string;
  /** Base of the tracking URL the QR code encodes (`SONGDA_PUBLIC_URL`), no trailing slash. */
  trackingUrlBase: string;
  /** Whose labels: a partner's credential prints its programs' items; others are unknown to it. */
  scope: Scope;
}

/** Why a known item cannot have a label: there is nowhere to send it. */
export interface UnprintableItem {
  trackingNo: string;
  message: Message;
}

export interface LoadedLabels {
  labels: Map<string, LabelData>;
  /** Numbers with no stored item (or none the caller's scope holds). */
  unknown: string[];
  unprintable: UnprintableItem[];
}

/**
 * Assembles what the labels of `trackingNos` (distinct, valid S10) print: the item, the request it
 * was made from if any (for the recipient's name and phone, masked), the program and its sponsor
 * (the sender), and unit names. Items and requests are read 500 numbers per query; programs, partners
 * and origin units once per distinct code, and a print run seldom spans more than a few of those.
 */
export async function loadLabelData(deps: LabelDataDeps, trackingNos: readonly string[]): Promise<LoadedLabels> {
  const items = await findItemsByTrackingNos(deps.db, trackingNos, deps.scope);
  const found = new Set(items.map((i) => i.tracking_no));
  const requests = await findRequestsByTrackingNos(deps.db, [...found]);

  const programCodes = new Set(items.flatMap((i) => programCodeOf(i, requests.get(i.tracking_no)) ?? []));
  const programs = new Map<string, Program>();
  for (const code of programCodes) {
    const program = await getProgram(deps.db, code);
    if (program) programs.set(code, program);
  }
  const sponsors = await getPartners(deps.db, [...programs.values()].map((p) => p.sponsor));
  const senders = await originSenders(deps, items, (item) => senderOfProgram(programs, sponsors, programCodeOf(item, requests.get(item.tracking_no))));

  const labels = new Map<string, LabelData>();
  const unprintable: UnprintableItem[] = [];
  for (const item of items) {
    const request = requests.get(item.tracking_no);
    const recipient = recipientOf(item, request);
    if (!recipient) {
      unprintable.push({ trackingNo: item.tracking_no, message: msg('labels.noDestination', { trackingNo: item.tracking_no }) });
      continue;
    }
    const program = programs.get(programCodeOf(item, request) ?? '');
    labels.set(item.tracking_no, {
      trackingNo: item.tracking_no,
      serviceName: serviceNameOf(item.service_indicator),
      programName: program?.name ?? null,
      documentType: program?.documentType ?? null,
      sender: senderOfProgram(programs, sponsors, program?.code ?? null) ?? (item.origin_unit ? (senders.get(item.origin_unit) ?? null) : null),
      recipient,
      deliveryOffice: officeName(deps, item.delivery_office ?? request?.delivery_office ?? null),
      weightGrams: item.weight_grams,
      createdDate: formatLocalDate(localDateOf(Number(item.created_at), deps.timeZone)),
      qrPayload: `${deps.trackingUrlBase}/t/${item.tracking_no}`,
    });
  }
  return { labels, unknown: trackingNos.filter((t) => !found.has(t)), unprintable };
}

/** The office the item goes to now: after an address change, the new one. */
const officeName = (deps: LabelDataDeps, code: string | null): string | null => (code ? (deps.unitName(code) ?? code) : null);

const programCodeOf = (item: Selectable<ItemTable>, request: RequestForLabel | undefined): string | null =>
  item.program_code ?? request?.program_code ?? null;

/** A program's item is sent by the program's sponsoring agency; partners have no street address, so its division stands in. */
function senderOfProgram(programs: Map<string, Program>, sponsors: Map<string, Partner>, programCode: string | null): LabelSender | null {
  const program = programCode ? programs.get(programCode) : undefined;
  const sponsor = program ? sponsors.get(program.sponsor) : undefined;
  if (!sponsor) return null;
  return { name: sponsor.name, address: findDivision(sponsor.divisionCode)?.fullName ?? null, phone: null };
}

/** Items with no program sender are sent from the counter that accepted them (origin unit): its name and division. */
async function originSenders(
  deps: LabelDataDeps,
  items: readonly Selectable<ItemTable>[],
  programSender: (item: Selectable<ItemTable>) => LabelSender | null,
): Promise<Map<string, LabelSender>> {
  const codes = new Set(items.flatMap((i) => (i.origin_unit && !programSender(i) ? [i.origin_unit] : [])));
  const senders = new Map<string, LabelSender>();
  for (const code of codes) {
    const unit = await getUnit(deps.db, code);
    const name = unit?.name ?? deps.unitName(code) ?? code;
    senders.set(code, { name, address: unit?.divisionName ?? null, phone: null });
  }
  return senders;
}

/**
 * The item's own destination when it has one (it is what is being mailed, and an address change
 * updates it), else the request's. The request keeps the name whole; a label shows it masked.
 */
function recipientOf(item: Selectable<ItemTable>, request: RequestForLabel | undefined): LabelRecipient | null {
  const [divisionCode, address] = item.dest_division_code || item.dest_address
    ? [item.dest_division_code, item.dest_address]
    : [request?.division_code ?? null, request?.address ?? null];
  const fullAddress = addressWithDivision(divisionCode, address);
  if (!fullAddress) return null;
  return {
    maskedName: request ? maskName(request.name) || null : null,
    maskedPhone: request?.phone_masked ?? null,
    address: fullAddress,
  };
}

/**
 * `湖北省宜昌市夷陵区` + `夷陵大道 1 号`. People often write part of the division themselves
 * (`宜昌市夷陵区…`, or the whole of it): only the levels above the first one the address names are
 * put in front, so no level is read twice.
 */
export function addressWithDivision(divisionCode: string | null, address: string | null): string | null {
  const division = divisionCode ? findDivision(divisionCode) : undefined;
  const street = address?.trim() || null;
  if (!division) return street;
  if (!street) return division.fullName;
  // Province, city, county as named in the full name (placeholders such as 市辖区 are not).
  const levels = [division.provinceCode, division.cityCode, division.code]
    .filter((code, i, all): code is string => code !== null && all.indexOf(code) === i)
    .map((code) => findDivision(code)?.name ?? '')
    .filter((name) => name !== '' && division.fullName.includes(name));
  const named = levels.findIndex((name) => street.startsWith(name));
  return named < 0 ? `${division.fullName}${street}` : `${levels.slice(0, named).join('')}${street}`;
}

/**
 * The product printed in the label's title, from the S10 service indicator's first letter (UPU S10:
 * E for EMS, R for registered letters, C for parcels).
 */
export function serviceNameOf(serviceIndicator: string): string {
  switch (serviceIndicator[0]) {
    case 'E':
      return 'EMS 政务';
    case 'R':
      return '挂号信 政务';
    case 'C':
      return '包裹 政务';
    default:
      return '政务寄递';
  }
}
