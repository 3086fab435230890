/**
 * The smallest CloudWatch metric store the runtime needs: services put datapoints (namespace, metric name,
 * dimensions, value, timestamp on the runtime clock) and alarms sum them over a time window. No PutMetricData or
 * GetMetricData API, no units, no statistics but Sum: enough for an alarm on a state machine version's
 * ExecutionsFailed. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html
 */

export type Dimensions = Readonly<Record<string, string>>;

export interface MetricQuery {
  readonly namespace: string;
  readonly metricName: string;
  /** A metric is identified by all its dimensions: a query matches datapoints with exactly these. */
  readonly dimensions: Dimensions;
}

interface Datapoint {
  readonly timestamp: number;
  readonly value: number;
}

/** Datapoints older than this are dropped; CloudWatch keeps one-minute data for 15 days. */
const RETENTION_MS = 15 * 24 * 3600 * 1000;

const keyOf = (query: MetricQuery): string =>
  JSON.stringify([query.namespace, query.metricName, Object.entries(query.dimensions).sort(([a], [b]) => a.localeCompare(b))]);

export class MetricStore {
  private readonly series = new Map<string, Datapoint[]>();

  put(query: MetricQuery, value: number, timestamp: number): void {
    const key = keyOf(query);
    const points = this.series.get(key) ?? [];
    points.push({ timestamp, value });
    // Executions end roughly in time order; trimming from the front keeps a long-running runtime's memory flat.
    while (points[0] !== undefined && points[0].timestamp < timestamp - RETENTION_MS) points.shift();
    this.series.set(key, points);
  }

  /** The Sum of the datapoints in [from, to), or undefined when there are none (CloudWatch's "missing data"). */
  sum(query: MetricQuery, from: number, to: number): number | undefined {
    const points = (this.series.get(keyOf(query)) ?? []).filter((point) => point.timestamp >= from && point.timestamp < to);
    return points.length === 0 ? undefined : points.reduce((total, point) => total + point.value, 0);
  }
}
