import { WarningFilled } from '@ant-design/icons';
import { Tag, Timeline, Typography } from 'antd';
import type { TTimeline } from '../../api/types';
import { UnitLink } from '../../components/units';
import { useI18n } from '../../i18n/i18n';
import { foreignOffset, localTime, writtenTime } from '../../lib/format';
import { failureReasonText } from './failure-reason';

type Breakpoint = TTimeline['breakpoints'][number];
type TimelineEvent = TTimeline['events'][number];
type Entry = { kind: 'event'; at: number; event: TimelineEvent } | { kind: 'breakpoint'; at: number; breakpoint: Breakpoint };

const EVENT_COLORS: Record<string, string> = { DELIVERED: 'green', DELIVERY_FAILED: 'orange', HELD: 'gold', RETURNED: 'magenta' };

/**
 * Events and break-points on one line by instant. A missing-scan break-point opens at the first event
 * after the gap, so it is drawn just before that event; a silence opens after the last event.
 */
export function mergeTimeline(timeline: TTimeline): Entry[] {
  const entries: Entry[] = [
    ...timeline.events.map((event): Entry => ({ kind: 'event', at: Date.parse(event.at), event })),
    ...timeline.breakpoints.map((breakpoint): Entry => ({ kind: 'breakpoint', at: Date.parse(breakpoint.openedAt), breakpoint })),
  ];
  return entries.sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'breakpoint' ? -1 : 1));
}

/** A scan's time as written at the site; a break-point's in the reporting zone. */
function Time({ iso, written = false }: { iso: string; written?: boolean }) {
  const offset = written ? foreignOffset(iso) : undefined;
  return (
    <time dateTime={iso} className="songda-mono">
      {written ? writtenTime(iso) : localTime(iso)}
      {offset && <Typography.Text type="secondary"> ({offset})</Typography.Text>}
    </time>
  );
}

export function ItemTimeline({ timeline, newestFirst }: { timeline: TTimeline; newestFirst: boolean }) {
  const { t, label } = useI18n();
  const entries = mergeTimeline(timeline);
  if (newestFirst) entries.reverse();
  // The tag is on every suspect scan; why, once, under the first of them.
  const explained = timeline.events.find((e) => e.suspect);
  const suspectHint = timeline.requestedAt ? t('item.suspectScanHint', { at: localTime(timeline.requestedAt) }) : '';
  return (
    <Timeline
      className="songda-timeline"
      items={entries.map((entry, i) => {
        if (entry.kind === 'event') {
          const e = entry.event;
          return {
            key: `e${i}`,
            color: EVENT_COLORS[e.code] ?? 'blue',
            content: (
              <div className="songda-step">
                <div className="songda-step-head">
                  <span>
                    <strong>{label('scan', e.code)}</strong>
                    {e.suspect && (
                      <Tag color="orange" className="songda-suspect" title={suspectHint}>
                        {t('item.suspectScan')}
                      </Tag>
                    )}
                  </span>
                  <Time iso={e.at} written />
                </div>
                {e === explained && (
                  <Typography.Text type="warning" className="songda-step-extra">
                    {suspectHint}
                  </Typography.Text>
                )}
                <div>
                  <UnitLink code={e.site} name={e.siteName} /> <Typography.Text type="secondary">({e.site})</Typography.Text>
                  {e.nextSite && (
                    <span>
                      {' → '}
                      <UnitLink code={e.nextSite} />
                    </span>
                  )}
                </div>
                {(e.operator || e.reason || e.viaConsignment) && (
                  <Typography.Text type="secondary" className="songda-step-extra">
                    {[
                      e.operator && `${t('item.operator')}: ${e.operator}`,
                      e.reason && `${t('item.reason')}: ${e.code === 'DELIVERY_FAILED' ? failureReasonText(e.reason, label) : e.reason}`,
                      e.viaConsignment && t('item.viaConsignment', { no: e.viaConsignment }),
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </Typography.Text>
                )}
              </div>
            ),
          };
        }
        const b = entry.breakpoint;
        const open = b.closedAt === null;
        return {
          key: `b${i}`,
          color: open ? 'red' : 'gray',
          icon: <WarningFilled style={{ color: open ? '#cf1322' : '#8c8c8c' }} />,
          className: open ? 'songda-step-breakpoint' : 'songda-step-breakpoint-closed',
          content: (
            <div className={`songda-step songda-breakpoint-step ${open ? 'is-open' : 'is-closed'}`} role="note" aria-label={t('item.breakpoint')}>
              <div className="songda-step-head">
                <span>
                  <Tag color={open ? 'red' : 'default'}>{open ? t('bp.open') : t('bp.closed')}</Tag>
                  <strong>{label('bpType', b.type)}</strong>
                </span>
                <Time iso={b.openedAt} />
              </div>
              <div>
                {t('bp.responsible')}: <UnitLink code={b.responsibleUnit} /> · {t('bp.visit', { n: b.visit })}
              </div>
              <Typography.Text type="secondary" className="songda-step-extra">
                {b.detail}
                {b.closedAt && ` · ${t('bp.closedAt')} ${localTime(b.closedAt)}`}
              </Typography.Text>
            </div>
          ),
        };
      })}
    />
  );
}
