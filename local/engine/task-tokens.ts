import { randomBytes } from 'node:crypto';
import { StatesError } from './errors';
import type { Clock } from './ports';

/** Why a decision on a token is refused, named as the Step Functions API names it. */
export type TaskTokenErrorCode = 'InvalidToken' | 'TaskDoesNotExist' | 'TaskTimedOut';

export class TaskTokenError extends Error {
  constructor(readonly code: TaskTokenErrorCode, message: string) {
    super(message);
    this.name = code;
  }
}

type Decision = { kind: 'success'; output: unknown } | { kind: 'failure'; error?: string; cause?: string };

interface OpenTask {
  readonly executionArn: string;
  /** Epoch ms of the last heartbeat (durable mode carries it across a restart). */
  lastHeartbeatAt?: number;
  decision?: Decision;
  settle?: (decision: Decision) => void;
  onHeartbeat?: () => void;
}

/** Tokens stay known after they close so a late decision gets the right error, but not forever. */
const CLOSED_TOKENS_KEPT = 10_000;

/**
 * The task tokens of `.waitForTaskToken` tasks, across executions. Tokens are opaque and, like AWS's, not
 * URL-safe (base64 with `+`, `/`, `=`), so callers learn to encode them. A decision that arrives before the
 * engine starts waiting (a fast consumer) is kept, not lost.
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token
 */
export class TaskTokens {
  private readonly open = new Map<string, OpenTask>();
  private readonly closed = new Map<string, TaskTokenErrorCode>();
  /** Durable mode: tokens a restored execution had open, handed out again, in order, as its tasks run again. */
  private readonly reissue = new Map<string, string[]>();
  /** Durable mode: told when a token opens and when it closes, so open tokens survive a restart. */
  onChange?: (change: { readonly kind: 'open' | 'close' | 'heartbeat'; readonly token: string; readonly executionArn: string; readonly at?: number }) => void;

  create(executionArn: string): string {
    const again = this.reissue.get(executionArn)?.shift();
    if (again !== undefined && this.open.has(again)) return again;
    const token = randomBytes(192).toString('base64');
    this.open.set(token, { executionArn });
    this.onChange?.({ kind: 'open', token, executionArn });
    return token;
  }

  /**
   * Durable mode: a token that was open when the runtime stopped. It is valid again at once (a decision sent before
   * its task runs again is kept), and the task that runs again for the execution gets it back instead of a new one,
   * so the link already mailed to a manager still decides.
   */
  adopt(token: string, executionArn: string, lastHeartbeatAt?: number): void {
    this.open.set(token, { executionArn, ...(lastHeartbeatAt === undefined ? {} : { lastHeartbeatAt }) });
    const queue = this.reissue.get(executionArn) ?? [];
    queue.push(token);
    this.reissue.set(executionArn, queue);
  }

  succeed(token: string, output: unknown): void {
    this.decide(token, { kind: 'success', output });
  }

  fail(token: string, error?: string, cause?: string): void {
    this.decide(token, { kind: 'failure', error, cause });
  }

  /** Records a heartbeat; it adds no history event. */
  heartbeat(token: string): void {
    this.lookup(token).onHeartbeat?.();
  }

  /**
   * Waits for the decision on a token. A failure rejects with the StatesError it names; no heartbeat within
   * `heartbeatSeconds` rejects with States.HeartbeatTimeout. The signal (task timeout, execution stopped) ends the wait.
   * The first heartbeat is due `heartbeatSeconds` after `since` (the attempt's start, earlier than now for a task
   * resumed after a restart) or after the last heartbeat before the restart, whichever is later.
   */
  wait(token: string, clock: Clock, signal: AbortSignal, heartbeatSeconds?: number, since = clock.now()): Promise<unknown> {
    const task = this.lookup(token);
    return new Promise<unknown>((resolve, reject) => {
      let heartbeat: AbortController | undefined;
      const finish = (decision: Decision) => {
        heartbeat?.abort();
        signal.removeEventListener('abort', onAbort);
        if (decision.kind === 'success') resolve(decision.output);
        else reject(new StatesError(decision.error ?? '', decision.cause));
      };
      const onAbort = () => {
        heartbeat?.abort();
        reject(signal.reason);
      };
      const armHeartbeat = (from: number) => {
        if (heartbeatSeconds === undefined) return;
        heartbeat?.abort();
        const controller = (heartbeat = new AbortController());
        clock.sleep(Math.max(0, heartbeatSeconds * 1000 - (clock.now() - from)), controller.signal).then(
          () => {
            this.close(token, 'TaskTimedOut');
            signal.removeEventListener('abort', onAbort);
            reject(new StatesError('States.HeartbeatTimeout'));
          },
          () => undefined,
        );
      };
      if (task.decision) return finish(task.decision);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      task.settle = finish;
      task.onHeartbeat = () => {
        const at = clock.now();
        task.lastHeartbeatAt = at;
        this.onChange?.({ kind: 'heartbeat', token, executionArn: task.executionArn, at });
        armHeartbeat(at);
      };
      armHeartbeat(Math.max(since, task.lastHeartbeatAt ?? since));
    });
  }

  /** Closes a token once its task is over; `reason` decides the error a late decision gets. */
  close(token: string, reason: TaskTokenErrorCode = 'TaskDoesNotExist'): void {
    const task = this.open.get(token);
    if (!task || !this.open.delete(token)) return;
    this.onChange?.({ kind: 'close', token, executionArn: task.executionArn });
    this.closed.set(token, reason);
    if (this.closed.size > CLOSED_TOKENS_KEPT) this.closed.delete(this.closed.keys().next().value as string);
  }

  private decide(token: string, decision: Decision): void {
    const task = this.lookup(token);
    if (task.decision) throw new TaskTokenError('TaskDoesNotExist', 'Task Does Not Exist');
    task.decision = decision;
    task.settle?.(decision);
  }

  private lookup(token: string): OpenTask {
    const task = this.open.get(token);
    if (task) return task;
    const closed = this.closed.get(token);
    if (closed === 'TaskTimedOut') throw new TaskTokenError('TaskTimedOut', 'Task Timed Out');
    if (closed) throw new TaskTokenError('TaskDoesNotExist', 'Task Does Not Exist');
    if (!/^[A-Za-z0-9+/=]{1,2048}$/.test(token)) throw new TaskTokenError('InvalidToken', 'Invalid Token');
    throw new TaskTokenError('TaskDoesNotExist', 'Task Does Not Exist');
  }
}
