/**
 * A bare Fastify hello world on HELLO_PORT: the yardstick `bench:lookups` compares the look-ups with.
 * Same Fastify as the server, no plugins, no hooks, no logger.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.HELLO_PORT), host: '127.0.0.1' });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
