import type { Db } from '../../db/database.js';
import { partnerScope } from '../programs/partner-scope.js';
import type { NewWebhookMessage } from './webhook-message.repository.js';
import { listDeliverableEndpoints } from './webhook-endpoint.repository.js';
import type { WebhookEventType } from './webhook-event.schemas.js';

/** Who is told what: the enabled endpoints, by the event types they subscribed to and the programs their partner sees. */
export interface Audience {
  /** True when no endpoint is enabled: nothing read now would go anywhere. */
  empty: boolean;
  /** Programs some endpoint's partner sees: events of items of other programs, or of none, go nowhere. */
  programs: ReadonlySet<string>;
  /** The endpoints told of an event of this type about this program. */
  endpointsFor(type: WebhookEventType, programCode: string | null): readonly string[];
}

/**
 * Read once per fan-out run: a partner's scope is its programs as they are now (partner-scope.ts),
 * so a program a partner joins is pushed from then on, and one it leaves is not.
 */
export async function loadAudience(db: Db, now: number): Promise<Audience> {
  const endpoints = await listDeliverableEndpoints(db, now);
  const scopes = new Map<string, ReadonlySet<string>>();
  for (const partner of new Set(endpoints.map((e) => e.partner))) scopes.set(partner, new Set((await partnerScope(db, partner)).programs));
  const programs = new Set([...scopes.values()].flatMap((s) => [...s]));
  const cache = new Map<string, readonly string[]>();
  return {
    empty: endpoints.length === 0,
    programs,
    endpointsFor(type, programCode) {
      if (programCode === null || !programs.has(programCode)) return [];
      const key = `${type}\t${programCode}`;
      let ids = cache.get(key);
      if (!ids) {
        ids = endpoints.filter((e) => e.events.includes(type) && scopes.get(e.partner)!.has(programCode)).map((e) => e.id);
        cache.set(key, ids);
      }
      return ids;
    },
  };
}

/** One message per endpoint for one event: the body is serialised once, so every endpoint is sent the same bytes. */
export function messagesFor(endpointIds: readonly string[], type: WebhookEventType, timestamp: string, data: object, eventAt: number): NewWebhookMessage[] {
  if (endpointIds.length === 0) return [];
  const payload = JSON.stringify({ type, timestamp, data });
  return endpointIds.map((endpointId) => ({ endpointId, type, payload, eventAt }));
}
