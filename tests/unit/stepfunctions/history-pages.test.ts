/**
 * GetExecutionHistory's paging and its answers to bad input, as AWS gives them: maxResults 1..1,000 (0 or absent:
 * 100), ValidationException past 1,000, InvalidToken for a token it did not issue for this request, reverseOrder
 * with tokens, and no event skipped or repeated while the execution is still recording.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetExecutionHistory.html
 */
import { AwsError } from '../../../local/platform/aws-error';
import { createStepFunctionsService } from '../../../local/stepfunctions/service';
import { ManualClock, settle } from '../../support/manual-clock';

type Page = { events: Array<{ id: number; previousEventId: number; type: string }>; nextToken?: string };

/** Counts to `rounds`, waiting 10 s (of the manual clock) each round: 6 events a round, 6 × rounds + 4 in all. */
const countingLoop = (rounds: number) => ({
  StartAt: 'Count',
  States: {
    Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 10, Next: 'Done?' },
    'Done?': { Type: 'Choice', Choices: [{ Variable: '$.n', NumericLessThan: rounds, Next: 'Count' }], Default: 'Finish' },
    Finish: { Type: 'Succeed' },
  },
});

describe('GetExecutionHistory paging', () => {
  let clock: ManualClock;
  let service: ReturnType<typeof createStepFunctionsService>;
  const call = (action: string, body: Record<string, unknown>) => service.handler(action, body) as Promise<Record<string, unknown>>;
  const history = (body: Record<string, unknown>) => call('GetExecutionHistory', body) as Promise<Page>;

  /** Starts the counting loop and returns its ARN; time stands still until the test advances it. */
  async function startLoop(rounds: number): Promise<string> {
    const { stateMachineArn } = await call('CreateStateMachine', {
      name: `loop-${rounds}-${Math.random().toString(36).slice(2)}`, roleArn: 'arn:aws:iam::000000000000:role/test', definition: JSON.stringify(countingLoop(rounds)),
    });
    const { executionArn } = await call('StartExecution', { stateMachineArn, input: '{"n":0}' });
    await settle();
    return executionArn as string;
  }

  /** Every page, following tokens with the same arguments. */
  async function allPages(executionArn: string, args: Record<string, unknown>): Promise<Page[]> {
    const pages: Page[] = [];
    let nextToken: string | undefined;
    do {
      const page = await history({ executionArn, ...args, ...(nextToken ? { nextToken } : {}) });
      pages.push(page);
      nextToken = page.nextToken;
    } while (nextToken);
    return pages;
  }

  async function finish(executionArn: string): Promise<void> {
    while ((await call('DescribeExecution', { executionArn })).status === 'RUNNING') await clock.advance(10_000);
  }

  beforeEach(() => {
    clock = new ManualClock();
    service = createStepFunctionsService({ clock });
  });

  afterEach(() => service.close());

  it('pages 100 events by default, and 1 to 1,000 as asked, forward in id order with a token until the last event', async () => {
    // Prepare: 6 × 30 + 4 = 184 events.
    const executionArn = await startLoop(30);
    await finish(executionArn);

    // Act
    const byDefault = await allPages(executionArn, {});
    const byThree = await allPages(executionArn, { maxResults: 3 });
    const atMost = await allPages(executionArn, { maxResults: 1000 });

    // Assess
    expect(byDefault.map((page) => page.events.length)).toEqual([100, 84]);
    expect(byThree.every((page) => page.events.length <= 3)).toBe(true);
    expect(byThree.flatMap((page) => page.events.map((event) => event.id))).toEqual(Array.from({ length: 184 }, (_, i) => i + 1));
    expect(atMost).toHaveLength(1);
    expect(atMost[0]).not.toHaveProperty('nextToken');
    expect(atMost[0]?.events.at(-1)?.type).toBe('ExecutionSucceeded');
  });

  it('pages in reverse with reverseOrder, newest first, through every event once', async () => {
    // Prepare
    const executionArn = await startLoop(5);
    await finish(executionArn);

    // Act
    const pages = await allPages(executionArn, { reverseOrder: true, maxResults: 4 });

    // Assess: 6 × 5 + 4 = 34 events, 4 a page, ids from 34 down to 1.
    expect(pages.map((page) => page.events.length)).toEqual([4, 4, 4, 4, 4, 4, 4, 4, 2]);
    expect(pages.flatMap((page) => page.events.map((event) => event.id))).toEqual(Array.from({ length: 34 }, (_, i) => 34 - i));
    expect(pages[0]?.events[0]?.type).toBe('ExecutionSucceeded');
  });

  it('never skips or repeats an event while the execution is still recording, forward or in reverse', async () => {
    // Prepare: a reverse listing begun at the start, and a forward one whose pages (3 events) fall behind the
    // execution (6 events per 10 s round) while it runs.
    const executionArn = await startLoop(10);
    const firstReverse = await history({ executionArn, reverseOrder: true, maxResults: 2 });
    const reverse = firstReverse.events.map((event) => event.id);
    let reverseToken = firstReverse.nextToken;
    const forward: number[] = [];
    const statuses: unknown[] = [];
    let forwardToken: string | undefined;

    // Act: one page of each between steps of the clock, each following the token of the one before.
    do {
      statuses.push((await call('DescribeExecution', { executionArn })).status);
      const page = await history({ executionArn, maxResults: 3, ...(forwardToken ? { nextToken: forwardToken } : {}) });
      forward.push(...page.events.map((event) => event.id));
      forwardToken = page.nextToken;
      if (reverseToken) {
        const back = await history({ executionArn, reverseOrder: true, maxResults: 2, nextToken: reverseToken });
        reverse.push(...back.events.map((event) => event.id));
        reverseToken = back.nextToken;
      }
      await clock.advance(10_000);
    } while (forwardToken);
    const all = (await history({ executionArn, maxResults: 1000 })).events.map((event) => event.id);

    // Assess: read while running, the forward pages hold every event of the final history once, in order; the
    // reverse ones everything recorded before the first of them, newest first, once.
    expect(statuses.slice(0, 5)).toEqual(['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'RUNNING']);
    expect(all).toEqual(Array.from({ length: 6 * 10 + 4 }, (_, i) => i + 1));
    expect(forward).toEqual(all);
    const newest = reverse[0] ?? 0;
    expect(reverse).toEqual(Array.from({ length: newest }, (_, i) => newest - i));
  });

  it.each([
    [{ maxResults: 1001 }, "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000"],
    [{ maxResults: -1 }, "1 validation error detected: Value '-1' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0"],
  ])('answers %j with ValidationException', async (args, message) => {
    // Prepare
    const executionArn = await startLoop(1);

    // Act
    const answer = history({ executionArn, ...args });

    // Assess
    await expect(answer).rejects.toThrow(new AwsError('ValidationException', message));
    await expect(answer).rejects.toMatchObject({ code: 'ValidationException', statusCode: 400 });
  });

  it.each([
    ['text that is no token', () => 'not-a-token'],
    ['a token edited by hand', (token: string) => `${token.slice(0, -4)}AAAA`],
    ['a forward token used with reverseOrder', (token: string) => token],
    ['a token of another execution', (token: string) => token],
  ])('answers %s with InvalidToken', async (label, tokenFrom) => {
    // Prepare: a real token for the first execution, forward, 2 events a page.
    const executionArn = await startLoop(3);
    const otherArn = await startLoop(3);
    await finish(executionArn);
    const { nextToken } = await history({ executionArn, maxResults: 2 });
    const request = label.includes('another execution') ? { executionArn: otherArn, maxResults: 2 }
      : label.includes('reverseOrder') ? { executionArn, maxResults: 2, reverseOrder: true } : { executionArn, maxResults: 2 };

    // Act
    const answer = history({ ...request, nextToken: tokenFrom(nextToken!) });

    // Assess
    await expect(answer).rejects.toMatchObject({ code: 'InvalidToken', statusCode: 400 });
  });
});
