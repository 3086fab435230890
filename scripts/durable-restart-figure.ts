/**
 * Durable mode's restart figure (issue 13): 1,000 finished and 50 running Standard executions written by one Step
 * Functions service, then the time a new one takes to load them and resume the running ones from their histories.
 * Step Functions alone (no deploy, no other service). `npx tsx scripts/durable-restart-figure.ts`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DurableStepFunctionsStore } from '../local/stepfunctions/durable-store';
import { createStepFunctionsService } from '../local/stepfunctions/service';

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'restart-figure-'));
  const make = () => createStepFunctionsService({ store: new DurableStepFunctionsStore(dir, () => undefined) });
  const call = (s: ReturnType<typeof make>, a: string, b: Record<string, unknown>) => s.handler(a, b, new AbortController().signal) as Promise<Record<string, unknown>>;
  const first = make();
  first.resume();
  const role = 'arn:aws:iam::000000000000:role/local';
  const quick = (await call(first, 'CreateStateMachine', { name: 'quick', roleArn: role, definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } } }) })).stateMachineArn;
  const slow = (await call(first, 'CreateStateMachine', { name: 'slow', roleArn: role, definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Wait', Seconds: 3600, End: true } } }) })).stateMachineArn;
  for (let i = 0; i < 1000; i++) await call(first, 'StartExecution', { stateMachineArn: quick, name: `f${i}` });
  for (let i = 0; i < 50; i++) await call(first, 'StartExecution', { stateMachineArn: slow, name: `r${i}` });
  await new Promise((r) => setTimeout(r, 1000));
  await first.close();
  const t0 = performance.now();
  const second = make();
  second.resume();
  const ms = performance.now() - t0;
  const running = ((await call(second, 'ListExecutions', { stateMachineArn: slow, statusFilter: 'RUNNING' })).executions as unknown[]).length;
  const done = ((await call(second, 'ListExecutions', { stateMachineArn: quick, statusFilter: 'SUCCEEDED' })).executions as unknown[]).length;
  console.log(`restart: ${ms.toFixed(0)} ms to load ${done} finished and resume ${running} running executions`);
  await second.close();
  rmSync(dir, { recursive: true, force: true });
}
void main();
