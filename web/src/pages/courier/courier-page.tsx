// The courier's phone page (/m): today's round of the courier's office, an item opened by a tap or by
// its number (typed, or scanned by a scanner that types), the outcome recorded with its proof, and the
// outcomes recorded without signal waiting on the phone until they go. Made for one thumb: the
// controls sit at the bottom, targets are large, nothing needs hover.
import { Alert, Badge, Button, Empty, Input, Segmented, Spin, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, api } from '../../api/client';
import { useSignedInUser } from '../../app/access';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import type { OutcomeElement, RoundItem, TodaysRound } from './courier-types';
import { OutcomeForm, RequirementTags } from './outcome-form';
import type { WaitingOutcome } from './outbox';
import { useOutbox } from './use-outbox';
import './courier.css';

type Opened = { item: Pick<RoundItem, 'trackingNo' | 'address' | 'programName' | 'requirements'>; fixing?: { element: OutcomeElement; refused: { field?: string; message: string }[] } };
type ItemDelivery = { trackingNo: string; requirements: RoundItem['requirements'] };

const ROUND_KEY = 'songda.courier.round.';

/** The last round loaded, kept so the list still shows where there is no signal. */
function cachedRound(owner: string): TodaysRound | undefined {
  try {
    const text = window.localStorage.getItem(ROUND_KEY + owner);
    return text ? (JSON.parse(text) as TodaysRound) : undefined;
  } catch {
    return undefined;
  }
}

export default function CourierPage() {
  const { t } = useI18n();
  const user = useSignedInUser();
  const owner = user?.username ?? '';
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [round, setRound] = useState<TodaysRound | undefined>(() => cachedRound(owner));
  const [roundError, setRoundError] = useState<ApiError>();
  const [tab, setTab] = useState<'out' | 'held'>('out');
  const [opened, setOpened] = useState<Opened>();
  const [search, setSearch] = useState('');
  const [notice, setNotice] = useState<{ type: 'success' | 'info' | 'warning'; text: string }>();
  const [online, setOnline] = useState(navigator.onLine);

  const loadRound = useCallback(async () => {
    try {
      const next = await api.get<TodaysRound>('/deliveries/today', { query: { office: params.get('office') } });
      setRound(next);
      setRoundError(undefined);
      try {
        window.localStorage.setItem(ROUND_KEY + owner, JSON.stringify(next));
      } catch {
        // A full or refused storage only costs the offline copy.
      }
    } catch (err) {
      setRoundError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err)));
    }
  }, [params, owner]);

  const onSent = useCallback(
    (count: number) => {
      setNotice({ type: 'success', text: t('m.sentCount', { count }) });
      void loadRound();
    },
    [t, loadRound],
  );
  const { waiting, record, flush, discard } = useOutbox(owner, onSent);

  useEffect(() => {
    void loadRound();
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, [loadRound]);

  const office = round?.office ?? '';
  const waitingFor = new Map(waiting.map((w) => [w.trackingNo, w]));

  const find = async () => {
    const trackingNo = search.trim().toUpperCase();
    if (!trackingNo) return;
    const item = await itemOf(trackingNo);
    if (!item) return;
    setOpened({ item });
    setSearch('');
  };

  const fix = async (w: WaitingOutcome) => {
    const item = await itemOf(w.trackingNo);
    if (item) setOpened({ item, fixing: { element: w.element, refused: w.refused ?? [] } });
  };

  /** The item as the round knows it, or as its delivery read tells (not on the round any more): what its program asks. */
  const itemOf = async (trackingNo: string): Promise<Opened['item'] | undefined> => {
    const inRound = round?.items.find((i) => i.trackingNo === trackingNo);
    if (inRound) return inRound;
    try {
      const read = await api.get<ItemDelivery>(`/items/${encodeURIComponent(trackingNo)}/delivery`);
      return { trackingNo, address: null, programName: null, requirements: read.requirements };
    } catch {
      setNotice({ type: 'warning', text: t('m.notInRound', { trackingNo }) });
      return undefined;
    }
  };

  const recordOutcome = async (element: OutcomeElement) => {
    const answer = await record(element);
    if (answer.kind !== 'refused') {
      setOpened(undefined);
      setNotice(answer.kind === 'sent' ? { type: 'success', text: t('m.done', { trackingNo: element.trackingNo }) } : { type: 'info', text: t('m.queued', { trackingNo: element.trackingNo }) });
      if (answer.kind === 'sent') void loadRound();
    }
    return answer;
  };

  if (opened) {
    return (
      <main className="songda-m">
        <OutcomeForm item={opened.item} office={office} fixing={opened.fixing} record={recordOutcome} onBack={() => setOpened(undefined)} />
      </main>
    );
  }

  const items = (round?.items ?? []).filter((i) => i.state === tab);
  const counts = { out: round?.items.filter((i) => i.state === 'out').length ?? 0, held: round?.items.filter((i) => i.state === 'held').length ?? 0 };

  return (
    <main className="songda-m" data-testid="m-round">
      <header className="songda-m-head">
        <div>
          <div className="songda-m-title">{t('m.title')}</div>
          <div className="songda-m-sub">{round?.officeName ?? office}</div>
        </div>
        <Button
          size="large"
          onClick={() => {
            void signOut().then(() => navigate('/login?next=/m', { replace: true }));
          }}
        >
          {t('m.signOut')}
        </Button>
      </header>

      {!online && <Alert type="warning" showIcon message={t('m.offline')} className="songda-m-banner" data-testid="m-offline" />}
      {notice && <Alert type={notice.type} showIcon closable onClose={() => setNotice(undefined)} message={notice.text} className="songda-m-banner" data-testid="m-notice" />}
      {roundError && (round ? <Alert type="warning" message={t('m.offlineList')} className="songda-m-banner" /> : <Alert type="error" message={t('m.loadFailed')} description={roundError.message} className="songda-m-banner" />)}

      {waiting.length > 0 && (
        <section className="songda-m-outbox" data-testid="m-outbox" aria-label={t('m.outbox.title', { count: waiting.length })}>
          <div className="songda-m-outbox-head">
            <strong>{t('m.outbox.title', { count: waiting.length })}</strong>
            <span className="songda-m-sub">{t('m.outbox.note')}</span>
          </div>
          {waiting.map((w) => (
            <WaitingRow key={w.clientId} w={w} onFix={() => void fix(w)} onDiscard={() => void discard(w.clientId)} />
          ))}
          {online && waiting.some((w) => !w.refused) && (
            <Button size="large" block onClick={() => void flush()}>
              {t('m.outbox.sendNow')}
            </Button>
          )}
        </section>
      )}

      <section className="songda-m-list" aria-live="polite">
        {!round && !roundError && (
          <div className="songda-center">
            <Spin />
          </div>
        )}
        {round && items.length === 0 && <Empty description={t(tab === 'out' ? 'm.empty.out' : 'm.empty.held')} />}
        {items.map((item) => (
          <button key={item.trackingNo} type="button" className="songda-m-card" data-testid="m-card" onClick={() => setOpened({ item })}>
            <div className="songda-m-card-top">
              <span className="songda-mono songda-m-tracking">{item.trackingNo}</span>
              {waitingFor.has(item.trackingNo) && <Tag color={waitingFor.get(item.trackingNo)!.refused ? 'red' : 'orange'}>{t(waitingFor.get(item.trackingNo)!.refused ? 'm.outbox.rejected' : 'm.outbox.waiting')}</Tag>}
            </div>
            <div className="songda-m-card-address">{item.address ?? t('m.noAddress')}</div>
            {item.wishedDate && <Tag color="blue">{t('address.round.wished', { date: item.wishedDate })}</Tag>}
            <div className="songda-m-sub">
              {item.programName} <RequirementTags item={item} />
            </div>
            <div className="songda-m-sub">
              {item.since.slice(11, 16)}
              {item.operator ? ` · ${t('m.operator', { operator: item.operator })}` : ''}
            </div>
          </button>
        ))}
        {round?.truncated && <div className="songda-m-sub">{t('m.truncated', { count: round.items.length })}</div>}
      </section>

      <div className="songda-m-bar">
        <Segmented
          block
          size="large"
          value={tab}
          onChange={(v) => setTab(v as 'out' | 'held')}
          options={[
            { value: 'out', label: t('m.tab.out', { count: counts.out }) },
            { value: 'held', label: t('m.tab.held', { count: counts.held }) },
          ]}
        />
        <div className="songda-m-search">
          <Input
            size="large"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onPressEnter={() => void find()}
            placeholder={t('m.search')}
            aria-label={t('m.search')}
            autoComplete="off"
            autoCapitalize="characters"
            enterKeyHint="search"
            className="songda-mono"
          />
          <Button size="large" type="primary" onClick={() => void find()}>
            {t('m.searchGo')}
          </Button>
          <Button size="large" onClick={() => void loadRound()} aria-label={t('m.refresh')}>
            ↻
          </Button>
        </div>
      </div>
    </main>
  );
}

function WaitingRow({ w, onFix, onDiscard }: { w: WaitingOutcome; onFix: () => void; onDiscard: () => void }) {
  const { t } = useI18n();
  return (
    <div className="songda-m-waiting" data-testid="m-waiting">
      <div className="songda-m-card-top">
        <span className="songda-mono">{w.trackingNo}</span>
        <span>
          {t(`m.outcome.${w.element.outcome}`)} <Badge status={w.refused ? 'error' : 'processing'} text={t(w.refused ? 'm.outbox.rejected' : 'm.outbox.waiting')} />
        </span>
      </div>
      {w.refused && (
        <>
          <div className="ant-form-item-explain-error">{w.refused.map((r) => r.message).join('；')}</div>
          <div className="songda-m-actions">
            <Button size="large" type="primary" onClick={onFix}>
              {t('m.outbox.fix')}
            </Button>
            <Button size="large" danger onClick={onDiscard}>
              {t('m.outbox.discard')}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
