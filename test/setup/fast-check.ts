/**
 * Loaded by every mocha run (unit, integration, browser, e2e) through `.mocharc.json`'s `require`.
 *
 * fast-check draws a new random seed per run unless told otherwise, so a property that holds for
 * nearly every input can still fail one CI run in a thousand and pass on the retry: a red CI we
 * cannot reproduce. One fixed seed makes every property test run the same inputs everywhere; a
 * test that passes its own `{ seed }` keeps it (a per-call parameter wins over the global one).
 * To explore new inputs locally, set FC_SEED to another integer; CI never sets it.
 */
import fc from 'fast-check';

export const FAST_CHECK_SEED = 20_261_201;

function seedFromEnv(): number {
  const raw = process.env.FC_SEED;
  if (raw === undefined || raw === '') return FAST_CHECK_SEED;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED: expected an integer, got ${JSON.stringify(raw)}`);
  return seed;
}

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: seedFromEnv() });
