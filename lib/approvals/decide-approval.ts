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
import { TaskNoLongerWaiting, type TaskDecisionPort } from './task-decisions';

export interface DecideApprovalDependencies extends ApprovalPageDependencies {
  readonly tasks: TaskDecisionPort;
  /** Told once per decision this request took and delivered (for a metric); not for repeats or late ones. */
  readonly onDecided?: (status: Exclude<ApprovalStatus, 'PENDING'>) => void;
}

/**
 * A manager's rejection, raised in the waiting execution through SendTaskFailure (its name is the task's Error, which
 * the state machine's Catch matches). It is never thrown in this Lambda: the workflow fails with it.
 */
export class ApprovalRejected extends Error {
  override readonly name = 'ApprovalRejected';
}

/** The output SendTaskSuccess hands the waiting task (the contract with the order-processing ASL). */
export interface ApprovalOutput {
  readonly decision: 'APPROVED';
  readonly approvalId: string;
  readonly decidedAt: string;
}

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
  const { signingKey, site, store, tasks } = dependencies;

  const link = checkLink(signingKey, approvalId, form.expires, form.signature, now);
  if (!link.ok) return link.response;
  if (!isSameOriginRequest(headers, site.allowedOrigins(headers))) return problemResponse('forged-request');
  if (!verifyCsrfPair(signingKey, approvalId, readCookie(request.cookieHeaders, csrfCookieName(site.secure)), form.csrf)) return problemResponse('forged-request');
  const wanted = Object.hasOwn(DECISIONS, form.decision ?? '') ? DECISIONS[form.decision as string] : undefined;
  if (!wanted) return problemResponse('invalid-decision');

  const found = await findApproval(store, approvalId, now);
  if (!found.ok) return found.response;
  if (found.value.status !== 'PENDING') return alreadyDecided(found.value, wanted);

  const decidedAt = now.toISOString();
  const result = await store.decide(approvalId, wanted, decidedAt);
  if ('alreadyDecided' in result) return alreadyDecided(result.alreadyDecided, wanted);

  try {
    if (wanted === 'APPROVED') {
      const output: ApprovalOutput = { decision: 'APPROVED', approvalId, decidedAt };
      await tasks.succeed(result.taskToken, JSON.stringify(output));
    } else {
      const rejection = new ApprovalRejected(`Approval ${approvalId} for order ${result.order.orderId} was rejected by the manager`);
      await tasks.fail(result.taskToken, rejection.name, rejection.message);
    }
  } catch (error) {
    // The record says decided, but the workflow had already timed out (or ended): the decision has no effect.
    if (error instanceof TaskNoLongerWaiting) return problemResponse('no-longer-waiting');
    throw error;
  }
  dependencies.onDecided?.(wanted);
  return htmlResponse(200, decisionRecordedPage(result));
}
