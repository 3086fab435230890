/** The order figure as console lines (inside the bench report) and as the README subsection. */
import type { StepFunctionsPrices } from '../pricing';
import { expressMonthlyCost, type MonthlyCosts } from './cost';
import { EXPECTED_STATUS, MAX_HAPPY_PATH_TRANSITIONS, type OrdersResult } from './result';

const integer = (value: number): string => value.toLocaleString('en-US', { maximumFractionDigits: 0 });
const decimal = (value: number, digits: number): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Dollars with cents, or with four decimals under a dollar, where cents would round a small bill to nothing. */
export const usd = (value: number): string => `$${decimal(value, value < 1 ? 4 : 2)}`;

const statusesText = (statuses: Readonly<Record<string, number>>): string =>
  Object.entries(statuses)
    .map(([status, count]) => `${status} ${integer(count)}`)
    .join(', ');

const allConfirmed = (result: OrdersResult): boolean => (result.statuses[EXPECTED_STATUS] ?? 0) === result.load.orders;

function costLines(cost: MonthlyCosts, prices: StepFunctionsPrices): string[] {
  const perThousand = prices.standardTransition.usd * 1000;
  return [
    `  cost of ${integer(cost.ordersPerMonth)} orders/month (state machine only; prices read ${prices.standardTransition.readOn}):`,
    `    Standard  ${usd(cost.standard.usd)}  = ${integer(cost.standard.transitions)} transitions x $${perThousand} per 1,000`,
    `    Express   ${usd(cost.express.usd)}  = ${usd(cost.express.requestsUsd)} requests + ${usd(cost.express.durationUsd)} duration ` +
      `(${decimal(cost.averageBilledDurationMs, 0)} ms billed avg x ${cost.billedMemoryMb} MB = ${decimal(cost.express.gbSeconds, 1)} GB-s)`,
  ];
}

/** The console block of the order figure; a run where not every order was CONFIRMED says so first, loudly. */
export function formatOrdersLines(result: OrdersResult, prices: StepFunctionsPrices): string[] {
  const { load } = result;
  const lines = [`Order processing on the local runtime (${integer(load.orders)} orders, ${load.concurrency} clients, ${integer(load.warmupOrders)} warm-up orders first)`];
  if (!allConfirmed(result)) {
    lines.push(`  ** NOT ALL ORDERS ${EXPECTED_STATUS}: ${statusesText(result.statuses)} **`, ...result.unexpected.map((line) => `     ${line}`));
  }
  lines.push(
    `  throughput      ${decimal(result.ordersPerSecond, 1)} orders/s (${integer(load.orders)} in ${decimal(result.elapsedSeconds, 1)} s)`,
    `  latency         p50 ${integer(result.latencyMs.p50)} ms, p99 ${integer(result.latencyMs.p99)} ms (POST to end of execution; polled every ${load.pollIntervalMs} ms)`,
    `  final status    ${statusesText(result.statuses)}`,
  );
  if (result.happyPath) {
    const { transitions, retries, statesEntered } = result.happyPath;
    const range = result.transitionsRange && result.transitionsRange.max !== result.transitionsRange.min ? `; ${result.transitionsRange.min}-${result.transitionsRange.max} over the run` : '';
    lines.push(
      `  transitions     ${transitions} per happy-path order${retries ? ` (${retries} retries)` : ''}${range} (budget ${MAX_HAPPY_PATH_TRANSITIONS}): ${statesEntered.join(' > ')}`,
    );
  } else {
    lines.push('  transitions     no happy-path order to read them from');
  }
  lines.push(
    `  execution       ${decimal(result.executionMs.underLoad, 1)} ms average under load, ${decimal(result.executionMs.alone, 1)} ms alone ` +
      `(${integer(load.soloOrders)} orders one at a time; history timestamps)`,
  );
  if (result.cost) {
    const cost = result.cost;
    lines.push(
      `  Express basis   ${decimal(cost.averageBilledDurationMs, 0)} ms billed per execution (alone, rounded up per execution); ` +
        `memory estimate ${decimal(cost.estimatedMemoryMb, 2)} MB, billed ${cost.billedMemoryMb} MB`,
      ...costLines(cost, prices),
    );
  }
  lines.push(`  goal ${result.goal}: ${result.verdict === 'MISSED' ? '** MISSED **' : result.verdict}`);
  return lines;
}

/** How long an AWS execution could take before the Express figure stops being a fair guess: a full second. */
const SENSITIVITY_MS = 1000;

/** The "Order processing: throughput and cost" subsection for README, from one run's figures. */
export function ordersReadmeSection(result: OrdersResult, prices: StepFunctionsPrices, measuredOn: { date: string; machine: string }): string {
  const { load, cost } = result;
  const perThousand = prices.standardTransition.usd * 1000;
  const lines = [
    '### Order processing: throughput and cost',
    '',
    `\`npm run bench -- --only orders\` starts the offline runtime, places ${integer(load.orders)} orders through \`POST /orders\` from ` +
      `${load.concurrency} concurrent clients (after ${integer(load.warmupOrders)} warm-up orders), and follows each execution to its end. ` +
      'Every order is small enough to skip the manager approval, so this is the automatic path: validate, reserve stock, pay, fulfil.',
    '',
    `| measured on ${measuredOn.machine}, ${measuredOn.date} | |`,
    '|---|---|',
    `| throughput | ${decimal(result.ordersPerSecond, 1)} orders/s |`,
    `| latency, POST to end of execution | p50 ${integer(result.latencyMs.p50)} ms, p99 ${integer(result.latencyMs.p99)} ms |`,
    `| orders ${EXPECTED_STATUS} | ${integer(result.statuses[EXPECTED_STATUS] ?? 0)} of ${integer(load.orders)} |`,
    `| state transitions per order (its execution history) | ${result.happyPath ? result.happyPath.transitions : 'n/a'} |`,
    `| average execution duration (history timestamps) | ${decimal(result.executionMs.underLoad, 0)} ms under that load, ${decimal(result.executionMs.alone, 0)} ms for an order placed alone |`,
  ];
  if (cost) {
    const [firstTier] = prices.expressDuration.tiers;
    if (!firstTier) throw new Error('bench/pricing.ts lists no Express duration tier: the cost line quotes the first one');
    lines.push(
      '',
      `Step Functions cost of ${integer(cost.ordersPerMonth)} orders a month (us-east-1 prices from ${prices.standardTransition.source}, read ` +
        `${prices.standardTransition.readOn}; free tiers left out):`,
      '',
      '| workflow type | billed as | per month |',
      '|---|---|---|',
      `| Standard | ${integer(cost.standard.transitions)} state transitions x $${perThousand} per 1,000 | ${usd(cost.standard.usd)} |`,
      `| Express | ${integer(cost.ordersPerMonth)} requests x $1.00 per million, plus ${decimal(cost.averageBilledDurationMs, 0)} ms (each execution rounded up to ` +
        `${prices.expressBilling.durationIncrementMs} ms) x ${cost.billedMemoryMb} MB = ${decimal(cost.express.gbSeconds, 1)} GB-s at $${firstTier.usdPerGbHour} per GB-hour | ${usd(cost.express.usd)} |`,
      '',
      'The figures cover the state machine only: the Lambda invocations, DynamoDB requests and SES mail of an order cost the same ' +
        'whichever workflow type runs it. Express is priced with the duration of an order placed alone on the local runtime (under ' +
        'load, executions here queue for the machine\'s cores, which they do not do on AWS); on AWS an execution lasts as long as its ' +
        `real Lambda and DynamoDB calls, so measure it there before deciding (even at a full second per execution, Express would cost ` +
        `${usd(expressMonthlyCost(cost.ordersPerMonth, SENSITIVITY_MS, cost.billedMemoryMb, prices).usd)} a month). ` +
        'And the choice is not free: orders above the approval threshold ' +
        'wait for a manager through `.waitForTaskToken`, which Express workflows do not support (they also run at-least-once and for at ' +
        'most five minutes), so the order workflow stays Standard. Prices live in `bench/pricing.ts`.',
    );
  }
  return `${lines.join('\n')}\n`;
}
