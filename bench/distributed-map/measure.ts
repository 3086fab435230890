/**
 * The Distributed Map figure: children per second of a Distributed Map with EXPRESS Pass children over one JSONL
 * object in S3, with a ResultWriter, against items per second of an inline Map over the same items in the same run;
 * and the peak RSS of the runtime process at two item counts. Each measurement runs in a fresh process; processes of
 * the two kinds alternate; figures are medians. Loaded lazily by run.ts.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../entries';
import { WORKER_EXEC_ARGV } from '../spawn-worker';
import { median, throughput } from '../stats';
import {
  MAX_RSS_GROWTH, MIN_CHILDREN_OVER_INLINE, verdictOf, type DistributedMapJob, type DistributedMapLoad, type DistributedMapReply, type DistributedMapResult,
} from './result';

const WORKER = join(REPO_ROOT, 'bench', 'distributed-map', 'worker.ts');
const MB = 1024 * 1024;

function runJob(job: DistributedMapJob, timeoutMs: number, heapBudgetMb?: number): Promise<Extract<DistributedMapReply, { kind: 'measured' }>> {
  const execArgv = [...WORKER_EXEC_ARGV, ...(heapBudgetMb === undefined ? [] : [`--max-old-space-size=${heapBudgetMb}`])];
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], { cwd: REPO_ROOT, execPath: process.execPath, execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${job.kind} Map of ${job.items} items timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
    child.on('message', (reply: DistributedMapReply) => {
      clearTimeout(timer);
      if (reply.kind === 'failed') reject(new Error(reply.message));
      else resolve(reply);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${job.kind} worker exited (code ${code}) without a reply: ${stderr.trim()}`));
    });
    child.send(job);
  });
}

export async function measureDistributedMap(load: DistributedMapLoad, progress: (line: string) => void, timeoutMs = 300_000): Promise<DistributedMapResult> {
  const children: number[] = [];
  const inline: number[] = [];
  const net = { small: [] as number[], large: [] as number[], rawSmall: [] as number[], rawLarge: [] as number[], unbudgeted: [] as number[] };
  for (let round = 1; round <= load.processes; round += 1) {
    const run = await runJob({ kind: 'distributed', items: load.items }, timeoutMs);
    children.push(throughput(load.items, run.millis));
    net.unbudgeted.push((run.maxRssBytes - run.storedBytes) / MB);
    progress(`(dmap) distributed #${round}: ${Math.round(children.at(-1)!).toLocaleString('en-US')} children/s`);
    const iterations = await runJob({ kind: 'inline', items: load.items }, timeoutMs);
    inline.push(throughput(load.items, iterations.millis));
    progress(`(dmap) inline #${round}: ${Math.round(inline.at(-1)!).toLocaleString('en-US')} items/s`);
    const [smallItems, largeItems] = load.rssItems;
    const small = await runJob({ kind: 'distributed', items: smallItems }, timeoutMs, load.rssHeapBudgetMb);
    const large = await runJob({ kind: 'distributed', items: largeItems }, timeoutMs, load.rssHeapBudgetMb);
    net.small.push((small.maxRssBytes - small.storedBytes) / MB);
    net.large.push((large.maxRssBytes - large.storedBytes) / MB);
    net.rawSmall.push(small.maxRssBytes / MB);
    net.rawLarge.push(large.maxRssBytes / MB);
    progress(`(dmap) peak RSS minus S3 bytes #${round}: ${net.small.at(-1)!.toFixed(1)} MB at ${smallItems}, ${net.large.at(-1)!.toFixed(1)} MB at ${largeItems}`);
  }
  const childrenPerSecond = median(children);
  const inlineItemsPerSecond = median(inline);
  const ratio = childrenPerSecond / inlineItemsPerSecond;
  const rssMb = [median(net.small), median(net.large)] as const;
  const rssGrowth = rssMb[1] / rssMb[0] - 1;
  return {
    load, childrenPerSecond, inlineItemsPerSecond, ratio, rssMb, rawRssMb: [median(net.rawSmall), median(net.rawLarge)], rssGrowth,
    unbudgetedRssMb: median(net.unbudgeted),
    throughputVerdict: verdictOf(ratio >= MIN_CHILDREN_OVER_INLINE),
    rssVerdict: verdictOf(rssGrowth <= MAX_RSS_GROWTH),
  };
}
