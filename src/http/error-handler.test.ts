import Fastify from 'fastify';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/test-db.js';
import { installErrorHandler } from './error-handler.js';

describeEachDialect('error handler, text the database cannot store', (ctx) => {
  it('answers 400 naming the problem, not a 500, when a NUL reaches the database', async () => {
    const app = Fastify({ logger: false });
    installErrorHandler(app);
    // A route with no schema of its own: only the database stands between the NUL and storage.
    app.post('/echo', async (req) => {
      const { text } = req.body as { text: string };
      const row = await sql<{ t: string }>`select ${text} as t`.execute(ctx.handle.db);
      return { stored: row.rows[0]?.t };
    });
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"text":"a\\u0000b"}' });
    if (ctx.dialect === 'postgres') {
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('NUL') });
    } else {
      // SQLite keeps a NUL inside a bound string; refusing it is the schemas' work (see src/http/text.ts).
      expect(res.statusCode).toBe(200);
    }
    await app.close();
  });
});
