/** The compact console table of a bench run. */
import type { Verdict } from './goals';
import { formatDurableLine } from './orders/durable-format';
import { formatOrdersLines } from './orders/format';
import type { OrdersSection } from './orders/result';
import { formatDistributedMapLines, type DistributedMapSection } from './distributed-map/section';
import { formatMapRedriveLines, type MapRedriveSection } from './map-redrive';
import { STEP_FUNCTIONS_PRICES } from './pricing';
import { formatSentimentLines, type SentimentSection } from './sentiment/accuracy';
import { formatReviewsLines, type ReviewsSection } from './reviews/result';
import type { BenchResults, EngineFigure } from './results';

const integer = (value: number): string => value.toLocaleString('en-US', { maximumFractionDigits: 0 });
const decimal = (value: number, digits: number): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const figureText = (figure: EngineFigure, format: (value: number) => string): string =>
  figure.median === undefined ? (figure.errors.length ? 'FAILED' : '-') : format(figure.median);

const verdictText = (verdict: Verdict): string => (verdict === 'MISSED' ? '** MISSED **' : verdict);

function table(rows: string[][]): string {
  // The header row sets the columns; a row with fewer cells adds nothing to a column's width.
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  return rows
    .map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  '))
    .join('\n');
}

/** Identical failures of several processes, listed once with how many processes hit them. */
function countDuplicates(messages: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const message of messages) counts.set(message, (counts.get(message) ?? 0) + 1);
  return [...counts].map(([message, count]) => (count > 1 ? `${message} [x${count} processes]` : message));
}

/** Multi-line messages (stack traces, require stacks) stay readable under their figure's label. */
const indentFailure = (message: string): string => `  ${message.split('\n').join('\n    ')}`;

/** The one-line verdict: what was missed, or that every goal judged was met, or why none was judged. */
function summaryLine(results: BenchResults & OrdersSection & SentimentSection & DistributedMapSection & ReviewsSection & MapRedriveSection, engineFigures: boolean): string {
  if (results.missed.length) return `MISSED: ${results.missed.join(', ')} (medians of per-process medians; ratios > 1 mean ours is faster)`;
  if (!engineFigures && results.orders === undefined && results.sentiment === undefined && results.durable === undefined && results.distributedMap === undefined && results.mapRedrive === undefined) {
    return results.reviews ? 'no goals judged: the review figure is a report' : 'no goals judged: nothing measured';
  }
  if (results.oursSkipped && engineFigures) return 'goals not judged: ours not measured';
  return 'all goals met';
}

/** The table, one row per figure, then the order figure's block, then every failure verbatim, then a one-line summary. */
export function formatReport(results: BenchResults & OrdersSection & SentimentSection & DistributedMapSection & ReviewsSection & MapRedriveSection): string {
  const rows: string[][] = [['figure', 'unit', 'ours', 'peer', 'ours/peer', 'goal', 'verdict']];
  for (const result of results.throughput) {
    rows.push([
      `(${result.id}) ${result.title}`,
      result.unit,
      figureText(result.ours, integer),
      figureText(result.peer, integer),
      result.ratio === undefined ? '-' : `${decimal(result.ratio, 2)}x`,
      result.goal,
      verdictText(result.verdict),
    ]);
  }
  if (results.heap) {
    const heap = results.heap;
    rows.push([`(f) heap growth, ${heap.maps} Maps of 10,000`, 'MB', figureText(heap.ours, (v) => decimal(v, 2)), figureText(heap.peer, (v) => decimal(v, 2)), '-', heap.goal, verdictText(heap.verdict)]);
  }
  if (results.import) {
    const cost = results.import;
    rows.push([
      '(g) import of the entry, fresh process',
      'ms',
      figureText(cost.ours, (v) => decimal(v, 1)),
      figureText(cost.peer, (v) => decimal(v, 1)),
      cost.share === undefined ? '-' : decimal(cost.share, 2),
      cost.goal,
      verdictText(cost.verdict),
    ]);
  }
  const engineFigures = rows.length > 1;
  const lines = [
    `Step Functions engine benchmark (${results.mode}, ${results.processesPerEngine} process(es) per engine per scenario; ` +
      `${results.machine.node}, ${results.machine.cpus} CPUs; peer ${results.peer})`,
    ...(engineFigures ? [table(rows)] : []),
  ];
  if (results.oursSkipped && engineFigures) lines.push(`ours not measured: ${results.oursSkipped}`);
  if (results.orders) lines.push(...formatOrdersLines(results.orders, STEP_FUNCTIONS_PRICES));
  if (results.ordersNote && !results.ordersNote.startsWith('FAILED')) lines.push(`orders not measured: ${results.ordersNote}`);
  if (results.sentiment) lines.push(...formatSentimentLines(results.sentiment));
  if (results.durable) lines.push(formatDurableLine(results.durable));
  if (results.durableNote && !results.durableNote.startsWith('FAILED')) lines.push(`durable not measured: ${results.durableNote}`);
  lines.push(...formatDistributedMapLines(results));
  lines.push(...formatMapRedriveLines(results));
  if (results.reviews) lines.push(...formatReviewsLines(results.reviews));
  if (results.reviewsNote && !results.reviewsNote.startsWith('FAILED')) lines.push(`reviews not measured: ${results.reviewsNote}`);
  const failures = [
    ...results.throughput.flatMap((r) => [...r.ours.errors.map((e) => `(${r.id}) ours: ${e}`), ...r.peer.errors.map((e) => `(${r.id}) peer: ${e}`)]),
    ...(results.heap ? [...results.heap.ours.errors.map((e) => `(f) ours: ${e}`), ...results.heap.peer.errors.map((e) => `(f) peer: ${e}`)] : []),
    ...(results.import ? [...results.import.ours.errors.map((e) => `(g) ours: ${e}`), ...results.import.peer.errors.map((e) => `(g) peer: ${e}`)] : []),
    ...(results.ordersNote?.startsWith('FAILED') ? [`(orders) ${results.ordersNote}`] : []),
    ...(results.durableNote?.startsWith('FAILED') ? [`(durable) ${results.durableNote}`] : []),
    ...(results.reviewsNote?.startsWith('FAILED') ? [`(reviews) ${results.reviewsNote}`] : []),
  ];
  if (failures.length) lines.push('failures (verbatim):', ...countDuplicates(failures).map(indentFailure));
  lines.push(
    summaryLine(results, engineFigures),
    `${results.elapsedSeconds.toFixed(0)} s; results in .local/bench-results.json`,
  );
  return lines.join('\n');
}
