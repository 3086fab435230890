/**
 * One CloudWatch alarm type: a static-threshold metric alarm on the Sum of one metric, as AWS::CloudWatch::Alarm
 * declares it (Namespace, MetricName, Dimensions, Statistic Sum, Period, EvaluationPeriods, DatapointsToAlarm,
 * Threshold, ComparisonOperator, TreatMissingData). No actions, no metric math, no anomaly detection, no API.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
 */
import type { Dimensions, MetricStore } from './metrics';

export type ComparisonOperator = 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
export type TreatMissingData = 'missing' | 'notBreaching' | 'breaching' | 'ignore';
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface MetricAlarm {
  readonly alarmName: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Dimensions;
  /** Seconds per evaluated period. */
  readonly period: number;
  readonly evaluationPeriods: number;
  /** How many of the evaluated periods must breach; EvaluationPeriods when absent ("M out of N"). */
  readonly datapointsToAlarm?: number;
  readonly threshold: number;
  readonly comparisonOperator: ComparisonOperator;
  /** `missing` by default, as CloudWatch's. */
  readonly treatMissingData?: TreatMissingData;
}

export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'];

function breaches(value: number, alarm: MetricAlarm): boolean {
  switch (alarm.comparisonOperator) {
    case 'GreaterThanOrEqualToThreshold': return value >= alarm.threshold;
    case 'GreaterThanThreshold': return value > alarm.threshold;
    case 'LessThanThreshold': return value < alarm.threshold;
    case 'LessThanOrEqualToThreshold': return value <= alarm.threshold;
  }
}

/**
 * The alarm's state at `now`, from the last EvaluationPeriods periods (the newest one ends at `now`). A period with
 * no datapoint is "missing": with `notBreaching` it counts as good, with `breaching` as bad, and otherwise it is not
 * counted; when every period is missing the state is INSUFFICIENT_DATA (CloudWatch, "Configuring how CloudWatch
 * alarms treat missing data").
 */
export function evaluateAlarm(alarm: MetricAlarm, store: MetricStore, now: number): AlarmState {
  const periodMs = alarm.period * 1000;
  let breaching = 0;
  let present = 0;
  for (let index = 0; index < alarm.evaluationPeriods; index += 1) {
    // The newest period is [now - Period, now], both ends included; older ones are half-open and do not overlap it.
    const from = now - (index + 1) * periodMs;
    const to = index === 0 ? now + 1 : now - index * periodMs;
    const sum = store.sum({ namespace: alarm.namespace, metricName: alarm.metricName, dimensions: alarm.dimensions }, from, to);
    if (sum === undefined) {
      if (alarm.treatMissingData === 'breaching') {
        breaching += 1;
        present += 1;
      } else if (alarm.treatMissingData === 'notBreaching') {
        present += 1;
      }
      continue;
    }
    present += 1;
    if (breaches(sum, alarm)) breaching += 1;
  }
  if (breaching >= (alarm.datapointsToAlarm ?? alarm.evaluationPeriods)) return 'ALARM';
  return present === 0 ? 'INSUFFICIENT_DATA' : 'OK';
}

/** The alarms a stack declared, by name, evaluated against the runtime's metric store on the runtime's clock. */
export class AlarmRegistry {
  private readonly alarms = new Map<string, MetricAlarm>();

  constructor(private readonly store: MetricStore) {}

  put(alarm: MetricAlarm): void {
    this.alarms.set(alarm.alarmName, alarm);
  }

  /**
   * The state of the named alarm. An alarm that does not exist is OK, as CloudWatch treats it for a deployment's
   * alarms ("CloudWatch considers nonexistent alarms to have an OK state", DeploymentPreference.Alarms).
   */
  state(alarmName: string, now: number): AlarmState {
    const alarm = this.alarms.get(alarmName);
    return alarm ? evaluateAlarm(alarm, this.store, now) : 'OK';
  }
}
