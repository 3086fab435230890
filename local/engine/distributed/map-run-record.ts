/**
 * A Map Run as the Step Functions API sees it (ListMapRuns, DescribeMapRun, UpdateMapRun): its identity, status,
 * settings and counts. The engine updates it as the run goes; the API reads it and may change the concurrency and the
 * tolerated failures while it runs.
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-examine-map-run.html
 */
import { ConcurrencyLimit } from './concurrency-limit';
import { MapRunCounts } from './map-run-counts';
import type { ToleratedFailures } from './tolerance';

export type MapRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** MaxConcurrency 0 or unset: AWS runs up to 10,000 children at once. */
export const UNSET_CONCURRENCY_LIMIT = 10_000;

export interface MapRunSettings {
  /** As given (0 when unset): what DescribeMapRun reports. */
  maxConcurrency: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
}

export class MapRun {
  status: MapRunStatus = 'RUNNING';
  stopDate?: number;
  readonly counts = new MapRunCounts();
  readonly limit: ConcurrencyLimit;
  /** Told when UpdateMapRun changes the tolerated failures, so the run checks its failures against them at once. */
  onToleranceChange?: () => void;

  constructor(
    /** `…:mapRun:<state machine name>/<label>:<id>` */
    readonly arn: string,
    /** The parent execution. */
    readonly executionArn: string,
    /** `…:stateMachine:<state machine name>/<label>`: the children's state machine. */
    readonly stateMachineArn: string,
    readonly startDate: number,
    readonly settings: MapRunSettings,
  ) {
    this.limit = new ConcurrencyLimit(effectiveLimit(settings.maxConcurrency));
  }

  get tolerated(): ToleratedFailures {
    return { count: this.settings.toleratedFailureCount, percentage: this.settings.toleratedFailurePercentage };
  }

  /** UpdateMapRun: only while running (the service refuses it otherwise). Raising the concurrency starts children at once. */
  update(changes: Partial<MapRunSettings>): void {
    if (changes.maxConcurrency !== undefined) {
      this.settings.maxConcurrency = changes.maxConcurrency;
      this.limit.setLimit(effectiveLimit(changes.maxConcurrency));
    }
    const tolerance = changes.toleratedFailureCount !== undefined || changes.toleratedFailurePercentage !== undefined;
    if (changes.toleratedFailureCount !== undefined) this.settings.toleratedFailureCount = changes.toleratedFailureCount;
    if (changes.toleratedFailurePercentage !== undefined) this.settings.toleratedFailurePercentage = changes.toleratedFailurePercentage;
    if (tolerance) this.onToleranceChange?.();
  }

  end(status: Exclude<MapRunStatus, 'RUNNING'>, at: number): void {
    this.status = status;
    this.stopDate = at;
  }
}

const effectiveLimit = (maxConcurrency: number) => (maxConcurrency > 0 ? maxConcurrency : UNSET_CONCURRENCY_LIMIT);
