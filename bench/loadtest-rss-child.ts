/**
 * Child process of the memory bench: one open-model run at `rate`/s for `seconds` against `url`,
 * then prints `{"maxRssKb": ..., "requests": ...}` on stdout. Run as
 * `node --import tsx bench/loadtest-rss-child.ts <seconds> <rate> <url>`.
 */
import { runLoadTest } from '../src/loadtest';

async function main(): Promise<void> {
  const [seconds, rate, url] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
  const result = await runLoadTest({
    pool: { name: 'rss', transport: 'http', endpoints: [{ id: 'n', address: url, weight: 1 }], request: { method: 'GET', path: '/' } },
    load: { model: 'open', rate },
    durationMs: seconds * 1000,
    seed: 1,
  });
  process.stdout.write(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, requests: result.totals.requests, errors: result.totals.errors }) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
