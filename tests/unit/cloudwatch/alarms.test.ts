/**
 * The one local alarm type: a static threshold on a metric's Sum over the last EvaluationPeriods periods, with
 * CloudWatch's treatments of missing data. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
 */
import { AlarmRegistry, evaluateAlarm, type MetricAlarm } from '../../../local/cloudwatch/alarms';
import { MetricStore } from '../../../local/cloudwatch/metrics';
import { shiftSteps } from '../../../local/deploy/alias-deployment';

const NOW = Date.UTC(2026, 0, 1, 12);
const VERSION = 'arn:aws:states:us-east-1:000000000000:stateMachine:orders:2';
const failed = { namespace: 'AWS/States', metricName: 'ExecutionsFailed', dimensions: { StateMachineArn: VERSION } };
const alarm = (overrides: Partial<MetricAlarm> = {}): MetricAlarm => ({
  alarmName: 'orders-version-failed', ...failed, period: 60, evaluationPeriods: 1, threshold: 2, comparisonOperator: 'GreaterThanOrEqualToThreshold', ...overrides,
});

describe('evaluateAlarm', () => {
  it.each([
    ['one failure, under the threshold of 2', [NOW - 1000], {}, 'OK'],
    ['two failures in the last minute', [NOW - 1000, NOW - 59_000], {}, 'ALARM'],
    ['two failures, one of them a minute and a half ago', [NOW - 1000, NOW - 90_000], {}, 'OK'],
    ['a failure exactly one period ago counts in the newest period', [NOW - 60_000, NOW], {}, 'ALARM'],
    ['no datapoint, missing data by default', [], {}, 'INSUFFICIENT_DATA'],
    ['no datapoint, notBreaching', [], { treatMissingData: 'notBreaching' as const }, 'OK'],
    ['no datapoint, breaching', [], { treatMissingData: 'breaching' as const }, 'ALARM'],
    ['2 of 3 periods breaching with DatapointsToAlarm 2', [NOW - 1000, NOW - 2000, NOW - 130_000, NOW - 131_000], { evaluationPeriods: 3, datapointsToAlarm: 2 }, 'ALARM'],
    ['1 of 3 periods breaching with DatapointsToAlarm 2', [NOW - 1000, NOW - 2000], { evaluationPeriods: 3, datapointsToAlarm: 2 }, 'OK'],
  ])('%s: %s', (_case, failures, overrides, expected) => {
    // Prepare
    const store = new MetricStore();
    for (const time of failures) store.put(failed, 1, time);

    // Act / Assess
    expect(evaluateAlarm(alarm(overrides), store, NOW)).toBe(expected);
  });

  it('counts only the datapoints of the alarm\'s exact dimensions', () => {
    // Prepare
    const store = new MetricStore();
    store.put({ ...failed, dimensions: { StateMachineArn: `${VERSION.slice(0, -2)}:1` } }, 5, NOW);

    // Act / Assess
    expect(evaluateAlarm(alarm({ treatMissingData: 'notBreaching' }), store, NOW)).toBe('OK');
  });

  it('treats an alarm that does not exist as OK, as CloudWatch does for a deployment', () => {
    expect(new AlarmRegistry(new MetricStore()).state('no-such-alarm', NOW)).toBe('OK');
  });
});

describe('shiftSteps', () => {
  it.each([
    [{ type: 'CANARY' as const, percentage: 10, interval: 10 }, [10]],
    [{ type: 'LINEAR' as const, percentage: 30, interval: 5 }, [30, 60, 90]],
    [{ type: 'LINEAR' as const, percentage: 50, interval: 5 }, [50]],
    [{ type: 'ALL_AT_ONCE' as const }, []],
  ])('%j shifts the new version through %j before 100 %', (preference, steps) => {
    expect(shiftSteps({ stateMachineVersionArn: VERSION, ...preference })).toEqual(steps);
  });
});
