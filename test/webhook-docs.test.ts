// docs/webhooks.md shows one payload per event type: each must be a valid payload of its type as the
// fan-out builds it (webhook-event.schemas.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_PAYLOADS } from '../src/modules/webhooks/webhook-event.schemas.js';

const doc = readFileSync(fileURLToPath(new URL('../docs/webhooks.md', import.meta.url)), 'utf8');

/** The JSON block under each `### <type>` heading. */
function examples(): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const m of doc.matchAll(/^### ([a-z_.]+)\n(?:(?!```)[^\n]*\n)*?```json\n(.*?)\n```/gms)) out.set(m[1]!, JSON.parse(m[2]!));
  return out;
}

describe('docs/webhooks.md', () => {
  it('shows a valid payload of every event type', () => {
    const shown = examples();
    expect([...shown.keys()]).toEqual([...WEBHOOK_EVENT_TYPES, 'webhook.test']);
    for (const type of WEBHOOK_EVENT_TYPES) {
      const parsed = WEBHOOK_PAYLOADS[type].safeParse(shown.get(type));
      expect(parsed.success, `${type}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });
});
