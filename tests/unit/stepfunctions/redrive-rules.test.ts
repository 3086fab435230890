/**
 * Redrive's eligibility rules and clientToken memory, as the API reference states them: AWS's
 * `redriveStatusReason` texts, the 14-day window from the end, the 24,999-event history limit, the one-year maximum,
 * and the last 10 client tokens, each kept 15 minutes.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html
 */
import { REDRIVE_REFUSALS, redriveEligibility, type RedriveCandidate } from '../../../local/stepfunctions/redrive-eligibility';
import { RedriveTokens } from '../../../local/stepfunctions/redrive-tokens';

const DAY = 24 * 3600 * 1000;
const START = Date.UTC(2026, 0, 1);
const failed: RedriveCandidate = { status: 'FAILED', startDate: START, stopDate: START + 1000, historyEvents: 10 };

describe('redrive eligibility', () => {
  it.each<[string, Partial<RedriveCandidate>, number, string | undefined]>([
    ['a failed execution just ended', {}, START + 2000, undefined],
    ['a timed-out execution', { status: 'TIMED_OUT' }, START + 2000, undefined],
    ['an aborted execution', { status: 'ABORTED' }, START + 2000, undefined],
    ['an execution ended exactly 14 days ago', {}, START + 1000 + 14 * DAY, undefined],
    ['a running execution', { status: 'RUNNING', stopDate: undefined }, START + 2000, REDRIVE_REFUSALS.running],
    ['a succeeded execution', { status: 'SUCCEEDED' }, START + 2000, REDRIVE_REFUSALS.succeeded],
    ['an execution ended 14 days and a millisecond ago', {}, START + 1001 + 14 * DAY, REDRIVE_REFUSALS.periodExceeded],
    ['a history of 24,999 events', { historyEvents: 24_999 }, START + 2000, REDRIVE_REFUSALS.historyLimit],
    ['a history of 24,998 events', { historyEvents: 24_998 }, START + 2000, undefined],
    ['an execution started more than a year ago', { stopDate: START + 365 * DAY }, START + 366 * DAY, REDRIVE_REFUSALS.maxExecutionTime],
  ])('%s', (_case, overrides, now, reason) => {
    // Act
    const eligibility = redriveEligibility({ ...failed, ...overrides }, now);

    // Assess
    expect(eligibility).toEqual(reason === undefined ? { redrivable: true } : { redrivable: false, reason });
  });

  it('uses AWS\'s reason texts word for word', () => {
    expect(REDRIVE_REFUSALS).toMatchObject({
      running: 'Execution is RUNNING and cannot be redriven.',
      succeeded: 'Execution is SUCCEEDED and cannot be redriven.',
      historyLimit: 'Execution history event limit exceeded.',
      maxExecutionTime: 'Execution has exceeded the max execution time.',
      periodExceeded: 'Execution redrivable period exceeded.',
    });
  });
});

describe('redrive client tokens', () => {
  const arn = 'arn:aws:states:us-east-1:000000000000:execution:m:e';

  it('answers a token for 15 minutes, then forgets it', () => {
    // Prepare
    const tokens = new RedriveTokens();
    tokens.remember(arn, 't', START, START);

    // Assess
    expect(tokens.answered(arn, 't', START + 15 * 60 * 1000)).toBe(START);
    expect(tokens.answered(arn, 't', START + 15 * 60 * 1000 + 1)).toBeUndefined();
    expect(tokens.answered(`${arn}-other`, 't', START)).toBeUndefined();
  });

  it('keeps the last 10 tokens of an execution', () => {
    // Prepare
    const tokens = new RedriveTokens();
    for (let i = 1; i <= 11; i++) tokens.remember(arn, `t${i}`, START, START + i);

    // Assess
    expect(tokens.answered(arn, 't1', START)).toBeUndefined();
    expect(tokens.answered(arn, 't2', START)).toBe(START + 2);
    expect(tokens.answered(arn, 't11', START)).toBe(START + 11);
  });
});
