/**
 * `POST /approvals/{approvalId}`: the manager's decision. The link (carried as hidden fields) must be genuine and
 * unexpired, the request must come from our own page (CSRF), and the decision is taken once: one conditional write
 * moves the request out of PENDING, and only the request that made that move tells the workflow, so however many
 * clicks race there is at most one SendTaskSuccess or SendTaskFailure.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { checkLink, findApproval, type ApprovalPageDependencies } from './approval-access';
import type { ApprovalRecord, ApprovalStatus } from './approval-record';
import { csrfCookieName, isSameOriginRequest, readCookie, verifyCsrfPair } from './csrf';
import type { ApprovalHttpRequest } from './http-request';
import { alreadyDecidedPage, decisionRecordedPage } from './pages/outcome-pages';
import { problemResponse } from './pages/problem-pages';
import { htmlResponse } from './pages/response';
import { sendDecision, type DecisionOutbox, type DeliveryStore } from './decision-delivery';
import type { TaskDecisionPort } from './task-decisions';

export interface DecideApprovalDependencies extends ApprovalPageDependencies {
  readonly store: ApprovalPageDependencies['store'] & DeliveryStore;
  readonly tasks: TaskDecisionPort;
  /** Where a decision goes when telling the workflow at once failed (see lib/approvals/decision-delivery.ts). */
  readonly outbox: DecisionOutbox;
  readonly log?: { warn(message: string, fields?: Record<string, unknown>): void };
  /** Told once per decision this request took and delivered (for a metric); not for repeats or late ones. */
  readonly onDecided?: (status: Exclude<ApprovalStatus, 'PENDING'>) => void;
}

export { ApprovalRejected, type ApprovalOutput } from './approval-output';

const DECISIONS: Readonly<Record<string, Exclude<ApprovalStatus, 'PENDING'>>> = { approve: 'APPROVED', reject: 'REJECTED' };

/**
 * A repeated decision: 200 when it matches the one on record (a double click, a second tab: what the manager wanted
 * holds, so there is nothing to fix), 409 Conflict when it asked for the opposite (their choice was not applied and
 * the page says which one was). Neither calls Step Functions.
 */
function alreadyDecided(record: ApprovalRecord, wanted: ApprovalStatus): APIGatewayProxyResult {
  return htmlResponse(record.status === wanted ? 200 : 409, alreadyDecidedPage(record));
}

/**
 * The CSRF cookie is left in place after the decision (it is HttpOnly, SameSite=Strict, scoped to this approval's
 * path and expires within minutes): a second tab or a replayed form then passes the check and is told which decision
 * stands, instead of a misleading "not recorded" 403.
 *
 * 403 tampered link or failed CSRF check (nothing read or written), 410 expired link or a workflow that stopped
 * waiting, 400 no valid decision, 404 unknown, 200/409 already decided, else 200 with the confirmation page.
 */
export async function decideApproval(request: ApprovalHttpRequest, dependencies: DecideApprovalDependencies): Promise<APIGatewayProxyResult> {
  const now = (dependencies.now ?? (() => new Date()))();
  const { approvalId, form, headers } = request;
  const { signingKey, site, store } = dependencies;

  const link = checkLink(signingKey, approvalId, form.expires, form.signature, now);
  if (!link.ok) return link.response;
  if (!isSameOriginRequest(headers, site.allowedOrigins(headers))) return problemResponse('forged-request');
  if (!verifyCsrfPair(signingKey, approvalId, readCookie(request.cookieHeaders, csrfCookieName(site.secure)), form.csrf)) return problemResponse('forged-request');
  const wanted = Object.hasOwn(DECISIONS, form.decision ?? '') ? DECISIONS[form.decision as string] : undefined;
  if (!wanted) return problemResponse('invalid-decision');

  const found = await findApproval(store, approvalId, now);
  if (!found.ok) return found.response;
  if (found.value.status !== 'PENDING') return repeated(found.value, wanted, dependencies);

  const decidedAt = now.toISOString();
  const result = await store.decide(approvalId, wanted, decidedAt);
  if ('alreadyDecided' in result) return repeated(result.alreadyDecided, wanted, dependencies);

  // The workflow had already timed out (or ended): the decision has no effect.
  if ((await deliver(result, dependencies, now)) === 'gone') return problemResponse('no-longer-waiting');
  dependencies.onDecided?.(wanted);
  return htmlResponse(200, decisionRecordedPage(result));
}

/**
 * A decision taken before. The same decision again while it is still undelivered (the first page died between recording
 * and telling the workflow, or its delivery is being retried) is queued again; the outbox's consumer sends it only if
 * still undelivered, so racing clicks call Step Functions once, and nothing is sent once a delivery was accepted.
 */
async function repeated(record: ApprovalRecord, wanted: ApprovalStatus, dependencies: DecideApprovalDependencies): Promise<APIGatewayProxyResult> {
  if (record.status === wanted && !record.deliveredAt) await dependencies.outbox.enqueue(record.approvalId);
  return alreadyDecided(record, wanted);
}

/**
 * Queues the decision on the outbox first (a delayed message: the safety net), then tells the workflow now. If the
 * call fails, or this Lambda dies during it, the outbox's consumer delivers the decision once the delay has passed;
 * if it succeeds, the consumer finds it delivered and sends nothing. Only a failure to queue is an error.
 */
async function deliver(record: ApprovalRecord, dependencies: DecideApprovalDependencies, now: Date): Promise<'accepted' | 'gone' | 'queued'> {
  await dependencies.outbox.enqueue(record.approvalId);
  let outcome: 'accepted' | 'gone';
  try {
    outcome = await sendDecision(record, dependencies.tasks);
  } catch (error) {
    dependencies.log?.warn('Decision recorded but not delivered; the outbox will deliver it', { approvalId: record.approvalId, error: { name: String((error as Error)?.name) } });
    return 'queued';
  }
  await dependencies.store.markDelivered(record.approvalId, now.toISOString(), outcome);
  return outcome;
}
