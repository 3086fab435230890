/**
 * The Map Run API: ListMapRuns, DescribeMapRun and UpdateMapRun, over the Map Runs the engine registers as Distributed
 * Maps start them, and the child executions ListExecutions(mapRunArn) lists. STANDARD children are kept, as AWS keeps
 * them (DescribeExecution, GetExecutionHistory); EXPRESS children are not, as they have no API of their own.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
 */
import type { MapRun } from '../engine/distributed/map-run-record';
import type { Execution } from '../engine/execution';
import type { MapRunHost } from '../engine/ports';
import { AwsError } from '../platform/aws-error';
import { assertArn } from './arns';

type Body = Record<string, unknown>;

/** What ListExecutions and DescribeExecution add for a child: its Map Run and how many items it ran. */
export interface ChildOfMapRun {
  readonly mapRunArn: string;
  readonly itemCount: number;
}

export interface MapRunsOptions {
  /** A STANDARD child started: the service keeps it for DescribeExecution, GetExecutionHistory and StopExecution. */
  readonly onStandardChild: (child: Execution) => void;
  /** The parent must exist for ListMapRuns (ExecutionDoesNotExist otherwise). */
  readonly assertExecution: (executionArn: unknown) => void;
}

const DEFAULT_PAGE = 100;
const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

export function createMapRuns(options: MapRunsOptions) {
  const runs = new Map<string, MapRun>();
  const runsByExecution = new Map<string, MapRun[]>();
  const childrenByRun = new Map<string, Execution[]>();
  const childInfo = new Map<string, ChildOfMapRun>();

  const host: MapRunHost = {
    mapRunStarted(run) {
      runs.set(run.arn, run);
      const list = runsByExecution.get(run.executionArn) ?? [];
      list.push(run);
      runsByExecution.set(run.executionArn, list);
    },
    childStarted(child, run, itemCount) {
      if (child.type !== 'STANDARD') return;
      const list = childrenByRun.get(run.arn) ?? [];
      list.push(child);
      childrenByRun.set(run.arn, list);
      childInfo.set(child.executionArn, { mapRunArn: run.arn, itemCount });
      options.onStandardChild(child);
    },
  };

  function mapRun(arn: unknown): MapRun {
    assertArn(arn, ['mapRun']);
    const found = runs.get(arn);
    if (!found) throw new AwsError('ResourceNotFound', `Resource not found: '${arn}'`);
    return found;
  }

  const actions: Record<string, (body: Body) => Body> = {
    ListMapRuns(body) {
      options.assertExecution(body.executionArn);
      const all = [...(runsByExecution.get(body.executionArn as string) ?? [])].reverse().map((run) => ({
        executionArn: run.executionArn, mapRunArn: run.arn, stateMachineArn: run.stateMachineArn,
        startDate: seconds(run.startDate), ...(run.stopDate === undefined ? {} : { stopDate: seconds(run.stopDate) }),
      }));
      return pageOf(all, body, 'mapRuns');
    },
    DescribeMapRun(body) {
      const run = mapRun(body.mapRunArn);
      const { counts, settings } = run;
      return {
        mapRunArn: run.arn,
        executionArn: run.executionArn,
        status: run.status,
        startDate: seconds(run.startDate),
        ...(run.stopDate === undefined ? {} : { stopDate: seconds(run.stopDate) }),
        maxConcurrency: settings.maxConcurrency,
        toleratedFailurePercentage: settings.toleratedFailurePercentage ?? 0,
        toleratedFailureCount: settings.toleratedFailureCount ?? 0,
        itemCounts: { ...counts.items },
        executionCounts: { ...counts.executions },
        redriveCount: run.redriveCount,
        ...(run.redriveDate === undefined ? {} : { redriveDate: seconds(run.redriveDate) }),
      };
    },
    UpdateMapRun(body) {
      const run = mapRun(body.mapRunArn);
      const { maxConcurrency, toleratedFailureCount, toleratedFailurePercentage } = body as {
        maxConcurrency?: number; toleratedFailureCount?: number; toleratedFailurePercentage?: number;
      };
      if (maxConcurrency === undefined && toleratedFailureCount === undefined && toleratedFailurePercentage === undefined) {
        throw new AwsError('ValidationException', 'At least one of maxConcurrency, toleratedFailurePercentage or toleratedFailureCount must be specified');
      }
      if (run.status !== 'RUNNING') {
        throw new AwsError('ValidationException', `Map Run '${run.arn}' is ${run.status} and cannot be updated`, 400, { members: { reason: 'CANNOT_UPDATE_COMPLETED_MAP_RUN' } });
      }
      run.update({ maxConcurrency, toleratedFailureCount, toleratedFailurePercentage });
      return {};
    },
  };

  return {
    host,
    actions,
    /** The Map Run a child belongs to, for DescribeExecution and ListExecutions. */
    childOf: (executionArn: string): ChildOfMapRun | undefined => childInfo.get(executionArn),
    /** The Map Run a child belongs to, whole (its parent execution, its state machine). */
    runOf: (executionArn: string): MapRun | undefined => {
      const child = childInfo.get(executionArn);
      return child && runs.get(child.mapRunArn);
    },
    /**
     * A child that the redrive of its Map Run, under way, has yet to redrive. AWS reports it with the status
     * PENDING_REDRIVE (ExecutionStatus) until it is redriven.
     */
    pendingRedrive(child: Execution): boolean {
      const info = childInfo.get(child.executionArn);
      return info !== undefined && (runs.get(info.mapRunArn)?.awaitingRedrive.has(child) ?? false);
    },
    /** ListExecutions(mapRunArn): the Map Run's STANDARD children, in start order. */
    children(mapRunArn: unknown): readonly Execution[] {
      return childrenByRun.get(mapRun(mapRunArn).arn) ?? [];
    },
  };
}

export type MapRuns = ReturnType<typeof createMapRuns>;

/** `maxResults` (default 100, 0 meaning the default) and `nextToken` paging; the token is the next offset. */
function pageOf<T>(items: T[], body: Body, key: string): Body {
  const max = typeof body.maxResults === 'number' && body.maxResults > 0 ? body.maxResults : DEFAULT_PAGE;
  const offset = typeof body.nextToken === 'string' ? Number(Buffer.from(body.nextToken, 'base64').toString()) || 0 : 0;
  const result: Body = { [key]: items.slice(offset, offset + max) };
  if (offset + max < items.length) result.nextToken = Buffer.from(String(offset + max)).toString('base64');
  return result;
}
