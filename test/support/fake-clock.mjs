// Test-only preload: moves this process's wall clock by FAKE_CLOCK_OFFSET_MS milliseconds, so that a
// `songda serve` started by a test lives at the instant the test chose (`node --import
// ./test/support/fake-clock.mjs …`). Date.now() and `new Date()` (and `Date()`) read the moved
// clock and time goes on flowing from there; dates built from given values, timers and
// performance.now() are untouched. Never loaded by the product itself.
const offset = Number(process.env.FAKE_CLOCK_OFFSET_MS);
if (!Number.isSafeInteger(offset)) throw new Error(`fake-clock.mjs: FAKE_CLOCK_OFFSET_MS must be a whole number of milliseconds, got "${process.env.FAKE_CLOCK_OFFSET_MS}"`);

const RealDate = Date;
const now = () => RealDate.now() + offset;

globalThis.Date = new Proxy(RealDate, {
  construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
  apply: () => new RealDate(now()).toString(),
  get: (target, key) => (key === 'now' ? now : Reflect.get(target, key, target)),
});
