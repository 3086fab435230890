/**
 * Retry and Catch matching, as the ASL spec and AWS define them. Pure: the interpreter does the waiting.
 * https://states-language.net/spec.html#errors and https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */

import type { Retrier } from './asl';

export type { Catcher, Retrier } from './asl';

/** Errors that no wildcard catches: they always fail the execution unless named explicitly (and Runtime never is). */
const UNCATCHABLE_BY_WILDCARD = new Set(['States.Runtime', 'States.DataLimitExceeded']);

/** Does one ErrorEquals name match the error? `States.ALL` matches everything but the two above;
 *  `States.TaskFailed` matches any task error except a timeout. */
export function errorMatches(pattern: string, error: string): boolean {
  if (pattern === error) return error !== 'States.Runtime';
  if (pattern === 'States.ALL') return !UNCATCHABLE_BY_WILDCARD.has(error);
  if (pattern === 'States.TaskFailed') return !UNCATCHABLE_BY_WILDCARD.has(error) && error !== 'States.Timeout';
  return false;
}

/** The index of the first retrier or catcher whose ErrorEquals matches, or -1. */
export function findHandler(handlers: ReadonlyArray<{ ErrorEquals: string[] }> | undefined, error: string): number {
  if (!handlers) return -1;
  return handlers.findIndex((handler) => handler.ErrorEquals.some((pattern) => errorMatches(pattern, error)));
}

/** The first retrier or catcher whose ErrorEquals matches, with its position, or undefined. */
export function matchHandler<T extends { ErrorEquals: string[] }>(handlers: readonly T[] | undefined, error: string): { index: number; handler: T } | undefined {
  const index = findHandler(handlers, error);
  const handler = index < 0 ? undefined : handlers?.[index];
  return handler === undefined ? undefined : { index, handler };
}

/**
 * The wait before retry number `attempt` (0 for the first retry) of this retrier, in milliseconds, or
 * `undefined` when its MaxAttempts are spent. MaxDelaySeconds caps the backoff; FULL jitter draws
 * uniformly between 0 and the capped delay.
 */
export function retryDelayMs(retrier: Retrier, attempt: number, random: () => number = Math.random): number | undefined {
  const maxAttempts = retrier.MaxAttempts ?? 3;
  if (attempt >= maxAttempts) return undefined;
  const interval = retrier.IntervalSeconds ?? 1;
  const backoff = retrier.BackoffRate ?? 2;
  let seconds = interval * Math.pow(backoff, attempt);
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds = random() * seconds;
  return Math.round(seconds * 1000);
}
