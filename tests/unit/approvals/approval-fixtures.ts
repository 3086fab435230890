/** Shared fakes for the approval tests: an in-memory ApprovalStore, a recording task-decision port, requests. */
import type { ApprovalRecord, ApprovalStatus, ApprovalStore, MailClaim } from '../../../lib/approvals/approval-record';
import type { ApprovalHttpRequest } from '../../../lib/approvals/http-request';
import { TaskNoLongerWaiting, type TaskDecisionPort } from '../../../lib/approvals/task-decisions';
import { defined } from '../../support/defined';

export const KEY = Buffer.from('k'.repeat(48), 'utf8');
export const OTHER_KEY = Buffer.from('x'.repeat(48), 'utf8');
export const APPROVAL_ID = '0b6f3c9e-5d7a-4c1e-9f2b-8a1d2e3f4a5b';
export const NOW = new Date('2026-03-01T12:00:00.000Z');
export const EXPIRES_AT = new Date('2026-03-02T12:00:00.000Z');
export const BASE_URL = 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod';

export function pendingRecord(overrides: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    approvalId: APPROVAL_ID,
    order: {
      orderId: 'order-42',
      customerEmail: 'ada@example.org',
      currency: 'EUR',
      totalCents: 125_000,
      items: [
        { productId: 'desk', name: 'Standing desk', quantity: 2, unitPriceCents: 50_000, lineTotalCents: 100_000 },
        { productId: 'lamp', name: 'Desk lamp', quantity: 5, unitPriceCents: 5_000, lineTotalCents: 25_000 },
      ],
    },
    taskToken: 'TASK-TOKEN-SECRET',
    expiresAt: EXPIRES_AT.toISOString(),
    createdAt: NOW.toISOString(),
    status: 'PENDING',
    ...overrides,
  };
}

/** The contract's store semantics in memory: decide moves PENDING once; a later decide reports alreadyDecided. */
export class InMemoryApprovalStore implements ApprovalStore {
  readonly records = new Map<string, ApprovalRecord>();
  readonly calls: string[] = [];

  constructor(...records: ApprovalRecord[]) {
    for (const record of records) this.records.set(record.approvalId, record);
  }

  async create(record: ApprovalRecord): Promise<ApprovalRecord> {
    this.calls.push('create');
    const existing = this.records.get(record.approvalId);
    if (existing) return existing;
    this.records.set(record.approvalId, record);
    return record;
  }

  async get(approvalId: string): Promise<ApprovalRecord | undefined> {
    this.calls.push('get');
    return this.records.get(approvalId);
  }

  async decide(approvalId: string, status: Exclude<ApprovalStatus, 'PENDING'>, decidedAt: string): Promise<ApprovalRecord | { alreadyDecided: ApprovalRecord }> {
    this.calls.push('decide');
    const current = this.records.get(approvalId);
    if (!current) throw new Error(`no approval ${approvalId}`);
    if (current.status !== 'PENDING') return { alreadyDecided: current };
    const decided: ApprovalRecord = { ...current, status, decidedAt };
    this.records.set(approvalId, decided);
    return decided;
  }

  readonly claims = new Map<string, string>();

  async claimMail(approvalId: string, now: string, until: string): Promise<MailClaim> {
    this.calls.push('claimMail');
    const current = this.records.get(approvalId);
    if (!current) throw new Error(`no approval ${approvalId}`);
    if (current.mailedAt) return 'mailed';
    const held = this.claims.get(approvalId);
    if (held !== undefined && held >= now) return 'busy';
    this.claims.set(approvalId, until);
    return 'claimed';
  }

  async markDelivered(approvalId: string, deliveredAt: string, outcome: 'accepted' | 'gone'): Promise<void> {
    this.calls.push('markDelivered');
    const current = this.records.get(approvalId);
    if (!current) throw new Error(`no approval ${approvalId}`);
    if (!current.deliveredAt) this.records.set(approvalId, { ...current, deliveredAt, deliveryOutcome: outcome });
  }

  async markMailed(approvalId: string, mailedAt: string): Promise<void> {
    this.calls.push('markMailed');
    const current = this.records.get(approvalId);
    if (!current) throw new Error(`no approval ${approvalId}`);
    this.records.set(approvalId, { ...current, mailedAt });
    this.claims.delete(approvalId);
  }
}

export type TaskCall = { kind: 'succeed'; taskToken: string; output: string } | { kind: 'fail'; taskToken: string; error: string; cause: string };

/**
 * Records every SendTask call; `tooLate` makes each answer as a timed-out task would, and `failures` makes the first
 * that many calls fail as an unreachable Step Functions would.
 */
export class RecordingTaskDecisions implements TaskDecisionPort {
  readonly calls: TaskCall[] = [];

  constructor(
    private readonly tooLate?: 'TaskTimedOut' | 'TaskDoesNotExist' | 'InvalidToken',
    private failures = 0,
  ) {}

  async succeed(taskToken: string, output: string): Promise<void> {
    this.calls.push({ kind: 'succeed', taskToken, output });
    this.answer();
  }

  async fail(taskToken: string, error: string, cause: string): Promise<void> {
    this.calls.push({ kind: 'fail', taskToken, error, cause });
    this.answer();
  }

  private answer(): void {
    if (this.failures > 0) {
      this.failures -= 1;
      throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'ServiceUnavailable' });
    }
    if (this.tooLate) throw new TaskNoLongerWaiting(this.tooLate);
  }
}

/** The decision outbox in memory: the approval ids queued, in order. */
export class RecordingOutbox {
  readonly queued: string[] = [];

  async enqueue(approvalId: string): Promise<void> {
    this.queued.push(approvalId);
  }
}

export function request(overrides: Partial<ApprovalHttpRequest> = {}): ApprovalHttpRequest {
  return { approvalId: APPROVAL_ID, query: {}, form: {}, headers: {}, cookieHeaders: [], ...overrides };
}

/** Set-Cookie's first `name=value` (failing the test when there is no cookie to read). */
export function cookiePair(setCookie: string | undefined): string {
  const [pair = ''] = defined(setCookie, 'a cookie').split(';', 1);
  return pair;
}

/** The value in a Cookie header's `name=value`, or in Set-Cookie's first pair. */
export function cookieValue(cookie: string | undefined): string {
  const pair = cookiePair(cookie);
  return defined(pair.split('=')[1], `a value in the cookie ${pair}`);
}

/** The value attribute of the hidden input `name` in a page. */
export function hiddenField(body: string, name: string): string | undefined {
  return new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(body)?.[1];
}
