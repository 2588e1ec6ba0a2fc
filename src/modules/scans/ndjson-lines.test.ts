import { describe, expect, it } from 'vitest';
import { readNdjsonLines, splitNdjsonLines } from './ndjson-lines.js';

async function collect(chunks: Buffer[], maxBytes = 1 << 20) {
  const out = [];
  for await (const l of readNdjsonLines(chunks, maxBytes)) out.push(l);
  return out;
}

describe('readNdjsonLines', () => {
  it('numbers lines across chunk borders, including a character split between chunks', async () => {
    const body = Buffer.from('{"a":1}\n{"reason":"收件人不在"}\r\n\n{"b":2}', 'utf8');
    const splitInsideChar = body.indexOf(Buffer.from('收')) + 1;
    const lines = await collect([body.subarray(0, 3), body.subarray(3, splitInsideChar), body.subarray(splitInsideChar)]);
    expect(lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"reason":"收件人不在"}\r' },
      { line: 3, text: '' },
      { line: 4, text: '{"b":2}' },
    ]);
  });

  it('stops with 413 once the streamed body passes the limit', async () => {
    const chunk = Buffer.from('{"a":1}\n'.repeat(100));
    await expect(collect([chunk, chunk], chunk.length + 10)).rejects.toMatchObject({ code: 'payload_too_large' });
    await expect(collect([chunk], chunk.length)).resolves.toHaveLength(100);
  });

  it('gives the same lines as splitting a string', async () => {
    const text = 'x\ny\n\nz\n';
    const streamed = await collect([Buffer.from(text)]);
    expect([...splitNdjsonLines(text)]).toEqual(streamed);
  });
});
