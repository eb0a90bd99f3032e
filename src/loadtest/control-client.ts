/**
 * Puts a scenario's server-side faults on the demo servers through their control address:
 * `POST <control>/faults` with `{ "endpoint": "s2", "action": "slow", "value": 10 }`.
 */
import { request } from 'undici';
import type { ScenarioStep } from '../pools/types';

export async function sendFault(control: string, step: ScenarioStep, timeoutMs = 5000): Promise<void> {
  const url = new URL('/faults', control.includes('://') ? control : `http://${control}`);
  // A coldJoin is two things: the server turns cold here, the balancer adds it (scenario.ts).
  const action = step.action === 'coldJoin' ? 'cold' : step.action;
  const body: Record<string, unknown> = { endpoint: step.endpoint, action };
  if (step.value !== undefined) body.value = step.value;
  if (step.forMs !== undefined) body.forMs = step.forMs;
  let res;
  try {
    res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  } catch (err) {
    throw new Error(`scenario: cannot reach the control address ${control} to ${step.action} ${step.endpoint}: ${(err as Error).message}`);
  }
  const text = await res.body.text();
  if (res.statusCode >= 300) {
    throw new Error(`scenario: control ${control} refused to ${step.action} ${step.endpoint}: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
  }
}
