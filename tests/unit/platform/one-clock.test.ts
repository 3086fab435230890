/**
 * One clock everywhere: under a test clock the execution's times (context object, history, Wait, TimeoutSeconds),
 * JSONata's `$now()` and `$millis()`, and the approval link's expiry that the order workflow computes in ASL all read
 * the same injected time, and so does `Date` inside Lambda handlers (which compare "now" with that expiry). SQS
 * visibility on this clock is covered in tests/unit/sqs/sqs-service.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startExecution } from '../../../local/engine/execution';
import { createLambdaRuntime } from '../../../local/lambda/runtime';
import type { TaskIntegrations } from '../../../local/engine/ports';
import type { StateMachineDefinition } from '../../../local/engine/types';
import { ManualClock, settle } from '../../support/manual-clock';
import { defined } from '../../support/defined';

/** 2030-06-01T00:00:00Z: far from the machine's own date, so a wall-clock read shows at once. */
const START = Date.UTC(2030, 5, 1);
const HOUR = 3_600_000;

/** The order workflow's approval task, as deployed. */
function approvalTask(): Record<string, unknown> {
  const file = path.resolve(__dirname, '../../../statemachines/order-processing.asl.json');
  const asl = JSON.parse(readFileSync(file, 'utf8')) as { States: Record<string, Record<string, unknown>> };
  return defined(asl.States["Wait for the manager's decision"], 'the approval task');
}

/** Lets the engine run until `predicate` holds. */
async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i++) await settle();
  if (!predicate()) throw new Error('the execution never got there');
}

describe('one clock: the engine reads the injected time', () => {
  it('gives $now(), $millis() and the context object the test clock, before and after a Wait', async () => {
    // Prepare
    const clock = new ManualClock({ start: START });
    const definition: StateMachineDefinition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Before',
      States: {
        Before: {
          Type: 'Pass',
          Assign: { before: '{% {"now": $now(), "millis": $millis(), "year": $now("[Y0001]"), "entered": $states.context.State.EnteredTime} %}' },
          Next: 'An hour',
        },
        'An hour': { Type: 'Wait', Seconds: 3600, Next: 'After' },
        After: {
          Type: 'Pass',
          Output: '{% {"before": $before, "after": $now(), "start": $states.context.Execution.StartTime} %}',
          End: true,
        },
      },
    };

    // Act
    const execution = startExecution(definition, { clock });
    await until(() => clock.pendingCount === 1);
    await clock.advance(HOUR);
    const outcome = await execution.done;

    // Assess
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: {
        before: { now: '2030-06-01T00:00:00.000Z', millis: START, year: '2030', entered: '2030-06-01T00:00:00.000Z' },
        after: '2030-06-01T01:00:00.000Z',
        start: '2030-06-01T00:00:00.000Z',
      },
    });
    expect(execution.history.events.at(-1)?.timestamp).toBe(START + HOUR);
  });

  it("computes the approval link's expiry from execution time, and times the wait out at that very instant", async () => {
    // Prepare: the deployed approval task, its queue call answered at once, its token never decided.
    const clock = new ManualClock({ start: START });
    const sent: Record<string, unknown>[] = [];
    const integrations: TaskIntegrations = {
      invoke: async (request) => {
        sent.push((request.parameters as { MessageBody: Record<string, unknown> }).MessageBody);
        return {};
      },
    };
    const definition: StateMachineDefinition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Prepare',
      States: {
        Prepare: {
          Type: 'Pass',
          Assign: { approvalTimeoutSeconds: 7200, approvalId: 'c0ffee00-0000-4000-8000-000000000000', order: { orderId: 'o-1', customer: { email: 'a@example.com' }, currency: 'EUR', totalCents: 1, items: [] } },
          Next: 'Approve',
        },
        Approve: { ...approvalTask(), Retry: undefined, Catch: undefined, Next: undefined, End: true } as never,
      },
    };

    // Act
    const execution = startExecution(definition, { clock, integrations });
    await until(() => sent.length === 1 && clock.pendingCount > 0);
    await clock.advance(2 * HOUR - 1);
    const stillRunning = execution.status;
    await clock.advance(1);
    const outcome = await execution.done;

    // Assess
    expect(sent[0]?.expiresAt).toBe('2030-06-01T02:00:00.000Z');
    expect(stillRunning).toBe('RUNNING');
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toBe('States.Timeout');
    expect(execution.stopDate).toBe(Date.parse('2030-06-01T02:00:00.000Z'));
  });
});

describe('one clock: Lambda handlers see the runtime clock as Date', () => {
  it('gives handlers the test clock as Date.now() and new Date(), and keeps their timeout on real time', async () => {
    // Prepare
    const clock = new ManualClock({ start: START });
    const runtime = createLambdaRuntime({ region: 'us-east-1', accountId: '000000000000', log: () => undefined, clock });
    runtime.register({
      name: 'clock', handler: 'handlers.clock', codeDir: path.resolve(__dirname, '../../fixtures/lambda'),
      runtime: 'nodejs22.x', timeoutSeconds: 3, memorySize: 128, environment: {},
    });

    try {
      // Act
      const before = JSON.parse((await runtime.invoke('clock', {})).payload) as Record<string, unknown>;
      await clock.advance(HOUR);
      const after = JSON.parse((await runtime.invoke('clock', {})).payload) as Record<string, unknown>;

      // Assess
      expect(before).toEqual({
        now: START, iso: '2030-06-01T00:00:00.000Z', called: 'string', parsed: Date.UTC(2024, 0, 1), isDate: true, remaining: expect.any(Number),
      });
      expect(before.remaining).toBeGreaterThan(2000);
      expect(after.now).toBe(START + HOUR);
    } finally {
      await runtime.close();
    }
  });
});
