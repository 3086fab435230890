/**
 * CloudWatch as a service of the runtime: the metric store services put datapoints in (Step Functions' execution
 * counts) and the alarms over them that alias deployments watch. In process only for now: no routes until the
 * CloudWatch API itself is served, but it is listed on /_runtime/health and found through the runtime context.
 */
import type { EmulatedService } from '../platform/service';
import { AlarmRegistry } from './alarms';
import { MetricStore } from './metrics';

export const CLOUDWATCH = 'cloudwatch';

export interface CloudWatchModule extends EmulatedService {
  readonly metrics: MetricStore;
  readonly alarms: AlarmRegistry;
}

export function createCloudWatchModule(): CloudWatchModule {
  const metrics = new MetricStore();
  return { name: CLOUDWATCH, routes: [], metrics, alarms: new AlarmRegistry(metrics) };
}
