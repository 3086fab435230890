/**
 * A Map Run as the Step Functions API sees it (ListMapRuns, DescribeMapRun, UpdateMapRun): its identity, status,
 * settings and counts. The engine updates it as the run goes; the API reads it and may change the concurrency and the
 * tolerated failures while it runs.
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-examine-map-run.html
 */
import type { Execution } from '../execution';
import { ConcurrencyLimit } from './concurrency-limit';
import { MapRunCounts } from './map-run-counts';
import type { ChildRecord, WrittenResultFiles } from './ports';
import type { ToleratedFailures } from './tolerance';

export type MapRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** AWS's hard limit on redrives of one Map Run; the next one fails with States.Runtime (redrive-map-run.html). */
export const MAX_MAP_RUN_REDRIVES = 1000;

/** MaxConcurrency 0 or unset: AWS runs up to 10,000 children at once. */
export const UNSET_CONCURRENCY_LIMIT = 10_000;

/**
 * The state's inline result, kept across attempts so a redrive adds the outputs of the children it re-runs to those of
 * the children that had succeeded. Bounded by the 256 KiB payload limit: past it only `tooLarge` is kept.
 */
export interface InlineResults {
  outputs?: unknown[];
  /** WriterConfig without a Resource: the records, formatted at the end. */
  records?: ChildRecord[];
  bytes: number;
  tooLarge: boolean;
}

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
  /** Redrives that started (MapRunRedrivenEventDetails.redriveCount) and when the last one did. */
  redriveCount = 0;
  redriveDate?: number;
  /**
   * The STANDARD children that did not succeed, by child index: a redrive redrives these executions in place (same
   * ARN, their own ExecutionRedriven). EXPRESS children are not kept: a redrive starts them afresh, as AWS does.
   */
  readonly unsuccessfulChildren = new Map<number, Execution>();
  /**
   * During a redrive, the STANDARD children it has yet to redrive: AWS lists them as PENDING_REDRIVE until then.
   * Empty outside a redrive.
   */
  readonly awaitingRedrive = new Set<Execution>();
  /** The ResultWriter's files so far, so a redrive numbers its files on and lists the earlier SUCCEEDED ones. */
  readonly resultFiles: WrittenResultFiles = { succeeded: [], next: { SUCCEEDED: 0, FAILED: 0, PENDING: 0 } };
  /** The inline result, when there is no ResultWriter Resource. */
  inline?: InlineResults;

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
    this.counts.settle(status === 'SUCCEEDED');
    this.awaitingRedrive.clear();
  }

  /** The parent's redrive reaches this Map Run: it runs again (RUNNING), its unsuccessful children back to pending. */
  redrive(at: number): void {
    this.status = 'RUNNING';
    this.stopDate = undefined;
    this.redriveCount += 1;
    this.redriveDate = at;
    this.counts.beginRedrive();
    for (const child of this.unsuccessfulChildren.values()) this.awaitingRedrive.add(child);
  }
}

const effectiveLimit = (maxConcurrency: number) => (maxConcurrency > 0 ? maxConcurrency : UNSET_CONCURRENCY_LIMIT);
