// The phone's outbox as the page sees it: what waits, sent again when the connection comes back
// (the online event) and every half minute while anything waits (an online event can be missed, or
// come before the network really carries).
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import type { OutcomeElement } from './courier-types';
import type { RecordAnswer } from './outcome-form';
import { type WaitingOutcome, flushWaiting, forgetWaiting, keepWaiting, listWaiting, sendOutcomes } from './outbox';

const RETRY_MS = 30_000;

export function useOutbox(owner: string, onSent: (count: number) => void) {
  const [waiting, setWaiting] = useState<WaitingOutcome[]>([]);
  const reload = useCallback(async () => setWaiting(await listWaiting(owner)), [owner]);

  const flush = useCallback(async () => {
    const sent = await flushWaiting(owner);
    await reload();
    if (sent > 0) onSent(sent);
  }, [owner, reload, onSent]);

  useEffect(() => {
    void flush();
    const online = () => void flush();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, [flush]);

  const pending = waiting.some((w) => w.refused === undefined);
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => {
      if (navigator.onLine) void flush();
    }, RETRY_MS);
    return () => clearInterval(timer);
  }, [pending, flush]);

  /**
   * Records an outcome: sent at once when there is signal; kept on the phone when there is none, or
   * when the request fails on the way (the server may have stored it: the resend says duplicate).
   */
  const record = useCallback(
    async (element: OutcomeElement): Promise<RecordAnswer> => {
      const keep = async () => {
        await keepWaiting({ clientId: element.clientId, owner, trackingNo: element.trackingNo, element, recordedAt: Date.now() });
        await reload();
        return { kind: 'queued' } as const;
      };
      if (!navigator.onLine) return keep();
      try {
        const answer = await sendOutcomes([element]);
        const refusals = answer.refused.get(element.clientId);
        // Sent: a version of it that waited (refused before, now fixed) is done too.
        if (!refusals) await forgetWaiting(element.clientId).then(reload);
        return refusals ? { kind: 'refused', refusals } : { kind: 'sent' };
      } catch (err) {
        if (err instanceof ApiError && err.status === 0) return keep();
        if (err instanceof ApiError) return { kind: 'refused', refusals: [{ message: err.message }] };
        throw err;
      }
    },
    [owner, reload],
  );

  const discard = useCallback(async (clientId: string) => {
    await forgetWaiting(clientId);
    await reload();
  }, [reload]);

  return { waiting, record, flush, discard };
}
