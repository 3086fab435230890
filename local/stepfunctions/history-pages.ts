/**
 * GetExecutionHistory's paging, as AWS pages it: `maxResults` from 1 to 1,000 (0 or absent: 100), `reverseOrder` for
 * the newest events first, and a `nextToken` to pass back with the other arguments unchanged; a token AWS did not
 * issue for this request answers `InvalidToken` (HTTP 400).
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetExecutionHistory.html
 *
 * A token names the id of the next event to return, not an offset into a list. Event ids count up from 1 without
 * gaps and a history only grows, so a page never skips or repeats an event even while the execution is running:
 * forward, the next page starts after the last event returned and picks up events recorded since; in reverse, it
 * continues below the last event returned.
 */
import { AwsError } from '../platform/aws-error';
import type { RecordedEvent } from '../engine/history';

/** AWS's default and largest page sizes. */
export const DEFAULT_HISTORY_PAGE = 100;
export const MAX_HISTORY_PAGE = 1000;

/** AWS's length limit for a pagination token. */
const MAX_TOKEN_LENGTH = 1024;

interface HistoryPageRequest {
  maxResults?: unknown;
  nextToken?: unknown;
  reverseOrder?: unknown;
}

/** What a token carries: the execution and direction it was issued for, and the id of the next event. */
interface PageToken {
  readonly executionArn: string;
  readonly reverse: boolean;
  readonly nextId: number;
}

/**
 * One page of an execution's history. `events` are the kept events, the event with id n at index n - 1 (ids have
 * no gaps); `shape` turns one into the API's form, so only the page's events are serialised.
 */
export function historyPage<T>(executionArn: string, events: readonly RecordedEvent[], request: HistoryPageRequest,
  shape: (event: RecordedEvent) => T): { events: T[]; nextToken?: string } {
  const size = pageSize(request.maxResults);
  const reverse = request.reverseOrder === true;
  const token = request.nextToken === undefined || request.nextToken === null ? undefined : readToken(request.nextToken, executionArn, reverse);
  const lastId = events.length;
  if (!reverse) {
    const from = token?.nextId ?? 1;
    const page = events.slice(from - 1, from - 1 + size);
    const next = from + page.length;
    return { events: page.map(shape), ...(next <= lastId && page.length > 0 ? { nextToken: writeToken({ executionArn, reverse, nextId: next }) } : {}) };
  }
  const from = Math.min(token?.nextId ?? lastId, lastId);
  // Events `from` down to `from - size + 1` (ids), newest first: indexes `from - size` to `from - 1`.
  const page = events.slice(Math.max(from - size, 0), Math.max(from, 0)).reverse().map(shape);
  const next = from - page.length;
  return { events: page, ...(next >= 1 ? { nextToken: writeToken({ executionArn, reverse, nextId: next }) } : {}) };
}

/** `maxResults`, or AWS's ValidationException for a value outside 0..1000. */
function pageSize(value: unknown): number {
  if (value === undefined || value === null || value === 0) return DEFAULT_HISTORY_PAGE;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new AwsError('ValidationException', `1 validation error detected: Value '${String(value)}' at 'maxResults' failed to satisfy constraint: Member must be an integer`);
  }
  if (value > MAX_HISTORY_PAGE) {
    throw new AwsError('ValidationException', `1 validation error detected: Value '${value}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_HISTORY_PAGE}`);
  }
  if (value < 0) {
    throw new AwsError('ValidationException', `1 validation error detected: Value '${value}' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0`);
  }
  return value;
}

function writeToken(token: PageToken): string {
  return Buffer.from(JSON.stringify([token.executionArn, token.reverse ? 1 : 0, token.nextId])).toString('base64');
}

/**
 * A token this service issued for the same execution and direction; anything else (edited, truncated, from
 * another execution, or from a forward listing used in reverse) is `InvalidToken`.
 */
function readToken(value: unknown, executionArn: string, reverse: boolean): PageToken {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TOKEN_LENGTH) throw invalidToken();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  if (!Array.isArray(decoded) || decoded.length !== 3) throw invalidToken();
  const [arn, direction, nextId] = decoded as unknown[];
  if (arn !== executionArn || direction !== (reverse ? 1 : 0) || typeof nextId !== 'number' || !Number.isInteger(nextId) || nextId < 1) {
    throw invalidToken();
  }
  return { executionArn, reverse, nextId };
}

const invalidToken = () => new AwsError('InvalidToken', 'Invalid Token');
