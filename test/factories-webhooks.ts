// Webhook endpoints and a local receiver for the delivery tests: the receiver answers as each test
// scripts it and keeps every request it was sent, headers and raw body.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type IncomingHttpHeaders, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from './factories.js';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  received: ReceivedRequest[];
  /** How the next requests are answered: set by the test; the default answers 200. */
  answer: (req: ReceivedRequest, res: ServerResponse) => void;
  close(): Promise<void>;
}

/** An HTTP receiver on 127.0.0.1 with a free port. */
export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    received: [],
    answer: (_req, res) => res.writeHead(200).end('ok'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const got = { path: req.url ?? '', headers: req.headers, body };
      receiver.received.push(got);
      receiver.answer(got, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  // Keep-alive sockets would hold close() open until they time out.
  const close = receiver.close;
  receiver.close = () => {
    server.closeAllConnections();
    return close();
  };
  return receiver;
}

/**
 * Standard Webhooks verification written here from the specification, apart from the server's
 * signing code: does any `v1,` signature of the header match `secret` over id.timestamp.body?
 */
export function verifiesWith(secret: string, req: ReceivedRequest): boolean {
  const id = String(req.headers['webhook-id']);
  const timestamp = String(req.headers['webhook-timestamp']);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${req.body}`).digest();
  return String(req.headers['webhook-signature'] ?? '')
    .split(' ')
    .some((entry) => {
      const [version, signature = ''] = entry.split(',');
      const given = Buffer.from(signature, 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

export interface CreatedWebhook {
  id: string;
  secret: string;
  partner: string;
}

/** An endpoint made by the admin through the API for `partner`. */
export async function createWebhookFor(t: TestApp, partner: string, url: string, events: string[] = ['item.status_changed']): Promise<CreatedWebhook> {
  const res = await t.request('POST', '/api/v1/webhooks', { body: { url, events, partner } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as CreatedWebhook;
}

/** PATCH and DELETE, which TestApp.request does not take, as the admin or with a given token. */
export function inject(t: TestApp, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, token = t.tokens.admin): Promise<LightMyRequestResponse> {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }) });
}
