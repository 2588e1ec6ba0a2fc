import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What a receiver answered: its status, its Retry-After, and the start of its body (for the delivery log). */
export interface WebhookAnswer {
  statusCode: number;
  retryAfter: string | null;
  start: string;
}

/** No answer within the time allowed (named like fetch's, so the log reads the same). */
export class WebhookTimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * POSTs one webhook with node's own HTTP client over keep-alive connections, one pool per endpoint of
 * at most `maxSockets` connections (two endpoints on one host never wait for each other's sockets),
 * without fetch's web streams and abort signals per request. Redirects are not followed (a 3xx is an
 * answer that is not a 2xx).
 */
export function createWebhookPoster(options: { maxSockets: number; timeoutMs: number; keptChars: number }) {
  const agents = new Map<string, HttpAgent>();
  const agentFor = (endpointId: string, url: URL): HttpAgent => {
    const key = `${endpointId} ${url.origin}`;
    let agent = agents.get(key);
    if (!agent) {
      const settings = { keepAlive: true, maxSockets: options.maxSockets, scheduling: 'lifo' as const };
      agent = url.protocol === 'https:' ? new HttpsAgent(settings) : new HttpAgent(settings);
      agents.set(key, agent);
    }
    return agent;
  };

  function post(endpointId: string, url: string, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<WebhookAnswer> {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(target, { method: 'POST', agent: agentFor(endpointId, target), headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, signal }, (res) =>
        readStart(res, options.keptChars).then(
          (start) => resolve({ statusCode: res.statusCode ?? 0, retryAfter: headerOf(res, 'retry-after'), start }),
          reject,
        ),
      );
      // The whole exchange, connection included, must end within the time allowed.
      const timer = setTimeout(() => req.destroy(new WebhookTimeoutError(`no answer within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
      req.once('close', () => clearTimeout(timer));
      req.once('error', reject);
      req.end(body);
    });
  }

  return {
    post,
    close() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}

function headerOf(res: IncomingMessage, name: string): string | null {
  const value = res.headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

/** The start of an answer's body, as text; the rest is read and dropped so the connection can be reused. */
function readStart(res: IncomingMessage, chars: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      if (text.length < chars * 4) text += chunk;
    });
    res.once('end', () => resolve(text.trim().slice(0, chars)));
    res.once('error', reject);
  });
}
