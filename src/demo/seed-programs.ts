import type { DbHandle } from '../db/open-db.js';
import type { SmsConfig } from '../config.js';
import { listDivisions } from '../domain/divisions.js';
import type { PersonalDataCipher } from '../domain/personal-data.js';
import { residentIdCheckChar } from '../domain/resident-id.js';
import { formatInstant } from '../domain/scan-time.js';
import { findConsignmentNumbers } from '../modules/consignments/consignment.repository.js';
import { createConsignment } from '../modules/consignments/consignment.service.js';
import { giveHeldItemsTheirCodes } from '../modules/deliveries/hold-items.js';
import { createInvitations } from '../modules/invitations/create-invitations.js';
import { requestByInvitation } from '../modules/invitations/redeem-invitation.js';
import { upsertPartners } from '../modules/programs/upsert-partners.js';
import { upsertPrograms } from '../modules/programs/upsert-programs.js';
import { importRecipients } from '../modules/recipients/import-recipients.js';
import { notifyFromFeeds } from '../modules/notifications/notification-feeds.js';
import { createAgencyRequests } from '../modules/requests/create-agency-requests.js';
import type { ScanRecorder } from '../modules/scans/record-scans.js';
import { recordScans } from '../modules/scans/scan.service.js';
import type { SiteDirectory } from '../modules/units/unit.service.js';
import { mulberry32 } from '../simulation/random.js';

const HOUR = 3_600_000;
/** The demo's SMS are shown on the item pages and never sent, whatever the server's provider: its phone numbers are made up. */
const DEMO_SMS: SmsConfig = { provider: 'log', signature: '中国邮政', retryScheduleMs: [] };
const YICHANG = '420500';

export interface ProgramSeedDeps {
  store: DbHandle;
  cipher: PersonalDataCipher;
  recorder: ScanRecorder;
  sites: SiteDirectory;
  publicUrl: string;
  timeZone: string;
}

/**
 * The programs of DESIGN §7 as an operator would set them up in 湖北: the 宜昌 veterans bureau's card
 * holders (a list, banks activating at the door), driving licences paid by the applicant (citizens
 * request them by QR code), and tax invoices paid by two parties. Requests become items; most of the
 * veterans' cards travel and are delivered, a bag of them comes from the card factory as a
 * consignment. Everything goes through the same services as the API.
 */
export async function seedDemoPrograms(deps: ProgramSeedDeps, now: number): Promise<string> {
  const { store, cipher } = deps;
  const db = store.db;
  const random = mulberry32(20_261_121);
  failOnErrors('partner', await upsertPartners(db, PARTNERS, now));
  failOnErrors('program', await upsertPrograms(db, PROGRAMS, now));
  // Recipients are told from here on (the feeds start at what is stored now), as a running server would tell them.
  const sms = { db, cipher, sms: DEMO_SMS, timeZone: deps.timeZone };
  await notifyFromFeeds(sms, now);

  // The bureau's list: card holders in 宜昌's districts and counties, a few of each special category.
  const counties = listDivisions({ parentCode: YICHANG, level: 'county' });
  const people = Array.from({ length: 240 }, (_, i) => demoPerson(i, i < 60 ? counties[0]! : counties[i % counties.length]!, random));
  const csv = ['姓名,身份证号,手机号,类别,地址', ...people.map((p) => [p.name, p.idNumber, p.phone, p.category, p.address].join(','))].join('\r\n');
  const imported = await importRecipients({ store, cipher }, 'YC-YDZ', { bytes: Buffer.from(csv, 'utf8'), filename: '宜昌市优待证名单.csv' }, 'all', { dryRun: false, now });

  // The bureau asks for 200 of them to be mailed; 40 (all in one district) travel as one bag from the factory.
  const requested = await createAgencyRequests({ store, db, cipher }, 'YC-YDZ', people.slice(0, 200).map((p) => ({ idNumber: p.idNumber })), now - 3 * 24 * HOUR, 'all');
  failOnErrors('request', requested);
  const mailed = requested.flatMap((r) => ('trackingNo' in r && r.trackingNo ? [{ index: r.index, trackingNo: r.trackingNo }] : []));
  const bagged = mailed.filter((m) => m.index < 40).map((m) => m.trackingNo);
  const single = mailed.filter((m) => m.index >= 40).map((m) => m.trackingNo);
  const office = `D${counties[0]!.code}`;
  const bag = await createConsignment(
    { db, isKnownUnit: (c) => deps.sites.has(c), siteName: (c) => deps.sites.name(c) },
    { fromPartner: 'HB-CARD', toUnit: office, items: bagged },
    now - 3 * 24 * HOUR,
    'all',
  );

  const scans: object[] = [];
  const at = (ms: number) => formatInstant(ms, 480);
  const t0 = now - 60 * HOUR;
  scans.push(
    { trackingNo: bag.trackingNo, code: 'ACCEPTED', at: at(t0), site: 'C420102' },
    { trackingNo: bag.trackingNo, code: 'DISPATCHED', at: at(t0 + 2 * HOUR), site: 'C420102', nextSite: 'P420000' },
    { trackingNo: bag.trackingNo, code: 'ARRIVED', at: at(t0 + 5 * HOUR), site: 'P420000' },
    { trackingNo: bag.trackingNo, code: 'DISPATCHED', at: at(t0 + 7 * HOUR), site: 'P420000', nextSite: 'P420500' },
    { trackingNo: bag.trackingNo, code: 'ARRIVED', at: at(t0 + 12 * HOUR), site: 'P420500' },
    { trackingNo: bag.trackingNo, code: 'DISPATCHED', at: at(t0 + 14 * HOUR), site: 'P420500', nextSite: office },
    { trackingNo: bag.trackingNo, code: 'AT_DELIVERY_OFFICE', at: at(t0 + 17 * HOUR), site: office },
    { trackingNo: bag.trackingNo, code: 'OPENED', at: at(t0 + 17.5 * HOUR), site: office },
  );
  for (const [i, trackingNo] of bagged.entries()) {
    scans.push({ trackingNo, code: 'OUT_FOR_DELIVERY', at: at(t0 + 24 * HOUR), site: office });
    // Bank staff activate the card at the door; a few recipients are out and the card waits at the office.
    if (i % 10 === 9) scans.push({ trackingNo, code: 'DELIVERY_FAILED', at: at(t0 + 27 * HOUR), site: office, reason: 'RECIPIENT_ABSENT' }, { trackingNo, code: 'HELD', at: at(t0 + 30 * HOUR), site: office });
    else scans.push({ trackingNo, code: 'DELIVERED', at: at(t0 + 26 * HOUR + i * 60_000), site: office });
    // Two of the held cards go out again this morning: one is refused at the door (and is due to
    // return), the other's recipient cannot be reached.
    if (i === 19 || i === 39) {
      scans.push(
        { trackingNo, code: 'OUT_FOR_DELIVERY', at: at(now - 5 * HOUR), site: office },
        { trackingNo, code: 'DELIVERY_FAILED', at: at(now - (i === 19 ? 4.5 : 3) * HOUR), site: office, reason: i === 19 ? 'REFUSED' : 'PHONE_UNREACHABLE' },
      );
    }
  }
  // Cards mailed one by one from the bureau's counter in 西陵区.
  for (const [i, trackingNo] of single.entries()) {
    const request = mailed.find((m) => m.trackingNo === trackingNo)!;
    const dest = `D${people[request.index]!.divisionCode}`;
    const start = t0 + (i % 48) * HOUR;
    const route = [
      { code: 'ACCEPTED', at: start, site: 'C420502' },
      { code: 'DISPATCHED', at: start + 2 * HOUR, site: 'C420502', nextSite: 'P420500' },
      { code: 'ARRIVED', at: start + 5 * HOUR, site: 'P420500' },
      { code: 'DISPATCHED', at: start + 7 * HOUR, site: 'P420500', nextSite: dest },
      { code: 'AT_DELIVERY_OFFICE', at: start + 10 * HOUR, site: dest },
      { code: 'OUT_FOR_DELIVERY', at: start + 20 * HOUR, site: dest },
      { code: 'DELIVERED', at: start + 23 * HOUR, site: dest },
    ].filter((s) => s.at <= now);
    // The most recent are still on their way; one in twenty-five misses its inbound scan at the office.
    const kept = i % 25 === 7 ? route.filter((s) => s.code !== 'AT_DELIVERY_OFFICE') : route;
    // One card went round with scanners whose clocks ran a day slow: its scans are dated before its
    // request was made, and are shown and counted as suspect.
    const slowClock = i === 3 ? 24 * HOUR : 0;
    for (const s of kept) scans.push({ trackingNo, ...s, at: at(s.at - slowClock) });
  }
  const recorded = await recordScans({ recorder: deps.recorder, sites: deps.sites, consignmentsAmong: (nos) => findConsignmentNumbers(db, nos) }, scans, now);
  if (recorded.rejected.length > 0) throw new Error(`demo program scans rejected: ${JSON.stringify(recorded.rejected.slice(0, 3))}`);
  // The cards still on the office's shelf get their pickup codes, as a HELD outcome would give them,
  // and their recipients are told (the demo's messages are shown, never sent).
  await giveHeldItemsTheirCodes(sms, bagged, now);

  // Driving licences: QR notices handed out at the traffic police counters; three citizens have used theirs.
  const invitations = await createInvitations({ db, cipher, store, config: { publicUrl: deps.publicUrl, timeZone: deps.timeZone } }, 'HB-JSZ', { count: 12, expiresInDays: 30 }, { now: now - 24 * HOUR, scope: 'all', actor: 'cli' });
  const citizens = [
    { name: '刘洋', idNumber: withCheckChar('42050619880312041'), phone: '13971234567', address: '湖北省宜昌市夷陵区发展大道88号' },
    { name: '陈静', idNumber: withCheckChar('42050219920715062'), phone: '15827654321', address: '湖北省宜昌市西陵区东山大道25号3栋' },
    { name: '赵磊', idNumber: withCheckChar('42010219791101083'), phone: '18672345678', address: '湖北省武汉市江岸区解放大道1001号' },
  ];
  for (const [i, citizen] of citizens.entries()) {
    await requestByInvitation({ store, db, cipher }, invitations.invitations[i]!.token, citizen, now - (10 - i) * HOUR);
  }

  await notifyFromFeeds(sms, now);

  return `${PROGRAMS.length} programs, ${imported.imported} listed card holders, ${mailed.length + citizens.length} items mailed from requests (40 in consignment ${bag.trackingNo}), ${invitations.invitations.length} QR invitations`;
}

const withCheckChar = (first17: string) => first17 + residentIdCheckChar(first17);

interface DemoPerson {
  name: string;
  idNumber: string;
  phone: string;
  category: string;
  address: string;
  divisionCode: string;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘';
const GIVEN = '伟芳秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华建国志红梅玉海燕德胜春生庆文';
const STREETS = ['东山大道', '夷陵大道', '沿江大道', '发展大道', '解放路', '胜利四路', '西陵一路', '城东大道'];
const CATEGORIES = ['普通', '普通', '普通', '普通', '普通', '普通', '普通', '烈士遗属', '参战退役军人', '伤残军人', '二等功以上'];

function demoPerson(i: number, county: { code: string; fullName: string }, random: () => number): DemoPerson {
  const pick = (text: string) => text[Math.floor(random() * text.length)]!;
  const born = 19_400_101 + Math.floor(random() * 50) * 10_000 + Math.floor(random() * 12) * 100 + Math.floor(random() * 28);
  const first17 = `${county.code}${born}${String(100 + i).slice(-3)}`;
  return {
    name: pick(SURNAMES) + pick(GIVEN) + (random() < 0.6 ? pick(GIVEN) : ''),
    idNumber: first17 + residentIdCheckChar(first17),
    phone: `13${String(900_000_000 + i * 7919).slice(0, 9)}`,
    category: CATEGORIES[i % CATEGORIES.length]!,
    address: `${county.fullName}${STREETS[i % STREETS.length]}${10 + (i % 190)}号`,
    divisionCode: county.code,
  };
}

const PARTNERS = [
  { code: 'YC-VAB', name: '宜昌市退役军人事务局', kind: 'agency', divisionCode: '420500' },
  { code: 'HB-TAX', name: '国家税务总局湖北省税务局', kind: 'agency', divisionCode: '420000' },
  { code: 'HB-TPB', name: '湖北省公安厅交通管理局', kind: 'agency', divisionCode: '420000' },
  { code: 'HB-GOV', name: '湖北省政务服务中心', kind: 'admin_centre', divisionCode: '420000' },
  { code: 'ICBC-YC', name: '中国工商银行宜昌分行', kind: 'bank', divisionCode: '420500' },
  { code: 'ABC-YC', name: '中国农业银行宜昌分行', kind: 'bank', divisionCode: '420500' },
  { code: 'CCB-YC', name: '中国建设银行宜昌分行', kind: 'bank', divisionCode: '420500' },
  { code: 'PSBC-YC', name: '中国邮政储蓄银行宜昌分行', kind: 'bank', divisionCode: '420500' },
  { code: 'HB-CARD', name: '湖北省优待证制卡中心', kind: 'card_factory', divisionCode: '420100' },
  { code: 'YC-SVC', name: '宜昌市退役军人服务中心', kind: 'service_station', divisionCode: '420500' },
];

const PROGRAMS = [
  {
    code: 'YC-YDZ',
    name: '宜昌市退役军人优待证寄递',
    documentType: '优待证',
    sponsor: 'YC-VAB',
    payerMode: 'government',
    requirements: { recipientOnly: true, idCheck: true, activationBank: 'ICBC-YC' },
    slaDays: 7,
  },
  {
    code: 'HB-JSZ',
    name: '湖北省驾驶证邮寄到家',
    documentType: '驾驶证',
    sponsor: 'HB-TPB',
    payerMode: 'recipient',
    requirements: { recipientOnly: true, idCheck: true },
    slaDays: 5,
  },
  {
    code: 'HB-FP',
    name: '湖北省税务发票寄递',
    documentType: '发票',
    sponsor: 'HB-TAX',
    payerMode: 'multi_party',
    payerShares: [
      { partner: 'HB-TAX', share: 0.6 },
      { partner: 'HB-GOV', share: 0.4 },
    ],
    requirements: { recipientOnly: false, idCheck: false },
    slaDays: 3,
  },
];

/** The demo data is made to be valid: a rejected element is a bug, so stop loudly. */
function failOnErrors(kind: string, results: readonly object[]): void {
  const failed = results.filter((r) => 'error' in r);
  if (failed.length > 0) throw new Error(`demo ${kind}s rejected: ${JSON.stringify(failed.slice(0, 3))}`);
}
