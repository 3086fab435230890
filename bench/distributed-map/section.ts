/** The Distributed Map figure inside a bench run: measured on demand (lazily loaded), then printed as a block. */
import type { Verdict } from '../goals';
import type { BenchPlan } from '../plan';
import { MAX_RSS_GROWTH, MIN_CHILDREN_OVER_INLINE, type DistributedMapResult } from './result';

export interface DistributedMapSection {
  readonly distributedMap?: DistributedMapResult;
  /** Why it was not measured, or `FAILED: ...`. */
  readonly distributedMapNote?: string;
}

export async function measureDistributedMapFigure(plan: BenchPlan, progress: (line: string) => void): Promise<DistributedMapSection> {
  if (plan.peerOnly) return { distributedMapNote: 'skipped under --peer-only: the Distributed Map figure runs on our runtime only' };
  try {
    // Loaded here, not at the top: only this figure needs the runtime's import graph.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { measureDistributedMap } = require('./measure') as typeof import('./measure');
    return { distributedMap: await measureDistributedMap(plan.distributedMap, progress, plan.workerTimeoutMs) };
  } catch (error) {
    return { distributedMapNote: `FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` };
  }
}

/** Both goals of the figure: met only when both are. */
export function distributedMapVerdict(section: DistributedMapSection): Verdict | undefined {
  if (section.distributedMap) return section.distributedMap.throughputVerdict === 'met' && section.distributedMap.rssVerdict === 'met' ? 'met' : 'MISSED';
  return section.distributedMapNote?.startsWith('FAILED') ? 'MISSED' : undefined;
}

const integer = (value: number): string => value.toLocaleString('en-US', { maximumFractionDigits: 0 });

export function formatDistributedMapLines(section: DistributedMapSection): string[] {
  const result = section.distributedMap;
  if (!result) return section.distributedMapNote ? [`Distributed Map not measured: ${section.distributedMapNote}`] : [];
  const [small, large] = result.load.rssItems;
  return [
    `Distributed Map on the local runtime (${integer(result.load.items)} JSONL items in one S3 object, EXPRESS Pass children, ResultWriter; ` +
      `median of ${result.load.processes} process(es) each)`,
    `  children/s      ${integer(result.childrenPerSecond)} vs inline Map ${integer(result.inlineItemsPerSecond)} items/s: ` +
      `ratio ${result.ratio.toFixed(3)} (goal >= ${MIN_CHILDREN_OVER_INLINE}) ${result.throughputVerdict}`,
    `  peak RSS        ${result.rssMb[0].toFixed(1)} MB at ${integer(small)} items, ${result.rssMb[1].toFixed(1)} MB at ${integer(large)} ` +
      `(minus the bytes S3 holds: the items object and the result files; raw ${result.rawRssMb[0].toFixed(1)} / ${result.rawRssMb[1].toFixed(1)} MB; ` +
      `both with --max-old-space-size=${result.load.rssHeapBudgetMb}): growth ${(result.rssGrowth * 100).toFixed(1)} % (goal <= ${MAX_RSS_GROWTH * 100} %) ${result.rssVerdict}`,
    `                  without a heap budget the ${integer(result.load.items)}-item run peaked at ${result.unbudgetedRssMb.toFixed(1)} MB (minus S3's bytes): ` +
      'V8 lets garbage pile up longer while memory is free',
  ];
}
