import type { TaskState } from '../asl';
import { StatesError } from '../errors';
import { evaluateJsonata, jsonataStateResult, jsonPathEffectiveInput, jsonPathStateResult } from '../fields';
import type { Frame } from '../frame';
import { appendInSequence } from '../history-links';
import type { Clock, TaskResource } from '../ports';
import { historyResource, parseResource } from '../resource';
import { exceedsPayloadLimit } from '../size';
import type { StateRun } from '../state-run';
import { withRetryAndCatch } from './error-handling';
import { languageFor, nextOf, type StepOutcome } from './outcome';
import { secondsField } from './timeouts';

/**
 * Task: calls its resource through the integrations port, with the integration pattern its ARN names.
 * `.waitForTaskToken` puts a token in `$$.Task.Token`, makes the call, then waits for SendTaskSuccess/Failure.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
 */
export function executeTask(frame: Frame, run: StateRun<TaskState>): Promise<StepOutcome> {
  return withRetryAndCatch(frame, run, () => attemptTask(frame, run));
}

async function attemptTask(frame: Frame, run: StateRun<TaskState>): Promise<StepOutcome> {
  const def = run.definition;
  const jsonata = languageFor(frame, run) === 'JSONata';
  const resource = parseResource(def.Resource);
  const { tokens, executionArn } = frame.runtime;
  const token = resource.pattern === 'waitForTaskToken' ? tokens.create(executionArn) : undefined;
  if (token) {
    run.taskToken = token;
    run.refreshContext();
  }
  let timedOut = false;
  try {
    // Awaiting only what is asynchronous (JSONata) keeps a JSONPath task to one turn of the event loop.
    const parameters = !jsonata ? jsonPathEffectiveInput(run)
      : def.Arguments === undefined ? run.rawInput : await evaluateJsonata(def.Arguments, 'Arguments', run.jsonataScope());
    let timeoutSeconds = frame.runtime.taskTimeoutOverrides?.[run.name] ?? secondsField(run, 'TimeoutSeconds', jsonata);
    if (timeoutSeconds instanceof Promise) timeoutSeconds = await timeoutSeconds;
    let heartbeatSeconds = secondsField(run, 'HeartbeatSeconds', jsonata);
    if (heartbeatSeconds instanceof Promise) heartbeatSeconds = await heartbeatSeconds;
    const events = new TaskEvents(frame, resource);
    events.scheduled(parameters, timeoutSeconds, heartbeatSeconds);
    // Durable mode: an attempt a restart cut short keeps counting its timeouts from when it was first scheduled.
    const startedAt = run.resumedAttemptAt ?? frame.runtime.clock.now();
    run.resumedAttemptAt = undefined;
    let result: unknown;
    try {
      result = await invokeWithTimeout(frame, resource, parameters, token, events, { timeoutSeconds, heartbeatSeconds, startedAt });
    } catch (thrown) {
      if (frame.signal.aborted) throw thrown;
      const error = thrown instanceof StatesError ? thrown : new StatesError('States.TaskFailed', thrown instanceof Error ? thrown.message : String(thrown));
      timedOut = error.error === 'States.Timeout' || error.error === 'States.HeartbeatTimeout';
      events.failed(error, timedOut);
      throw error;
    }
    if (exceedsPayloadLimit(result)) {
      throw new StatesError('States.DataLimitExceeded', `The state/task '${run.name}' returned a result with a size exceeding the maximum number of bytes service limit.`);
    }
    events.succeeded(result);
    const outcome = jsonata ? await jsonataStateResult(run, { result }, result) : jsonPathStateResult(run, result);
    return { output: outcome.output, assigned: outcome.assigned, next: nextOf(run) };
  } finally {
    if (token) tokens.close(token, timedOut ? 'TaskTimedOut' : 'TaskDoesNotExist');
  }
}

/** The reason a finished task's controller is aborted with (a reason avoids building a DOMException each time). */
const TASK_OVER = new Error('Task finished');

/** Calls the resource (and, for `.waitForTaskToken`, waits for the token), bounded by TimeoutSeconds. */
async function invokeWithTimeout(frame: Frame, resource: TaskResource, parameters: unknown, token: string | undefined, events: TaskEvents,
  { timeoutSeconds, heartbeatSeconds, startedAt }: { timeoutSeconds?: number; heartbeatSeconds?: number; startedAt: number }): Promise<unknown> {
  const { integrations, tokens, clock, executionArn } = frame.runtime;
  // A plain request-response call needs no signal of its own: the frame's (execution stop) is enough, and
  // skipping a controller per task keeps tight Task loops cheap.
  if (!token && timeoutSeconds === undefined) {
    return integrations.invoke({ resource, parameters, signal: frame.signal, executionArn, timeoutSeconds });
  }
  const controller = new AbortController();
  const onStop = () => controller.abort(frame.signal.reason);
  frame.signal.addEventListener('abort', onStop, { once: true });
  const work = (async () => {
    const response = await integrations.invoke({ resource, parameters, signal: controller.signal, executionArn, timeoutSeconds });
    if (!token) return response;
    events.submitted(response);
    return tokens.wait(token, clock, controller.signal, heartbeatSeconds, startedAt);
  })();
  try {
    return await (timeoutSeconds === undefined ? work : raceTimeout(work, clock, timeoutSeconds * 1000 - (clock.now() - startedAt), controller));
  } finally {
    frame.signal.removeEventListener('abort', onStop);
    controller.abort(TASK_OVER);
  }
}

/** Rejects with States.Timeout after `ms` (what is left of TimeoutSeconds) unless the work ends first. */
function raceTimeout<T>(work: Promise<T>, clock: Clock, ms: number, controller: AbortController): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    clock.sleep(Math.max(0, ms), controller.signal).then(() => {
      const timeout = new StatesError('States.Timeout');
      reject(timeout);
      controller.abort(timeout);
    }, () => undefined);
    work.then(resolve, reject);
  });
}

/**
 * The history of one task attempt, in the two vocabularies AWS uses: LambdaFunction* for a bare function ARN,
 * Task* (with resourceType/resource) for every service integration, `arn:aws:states:::lambda:invoke` included.
 */
class TaskEvents {
  private readonly lambda: boolean;
  private readonly names: { resourceType: string; resource: string };

  constructor(private readonly frame: Frame, private readonly resource: TaskResource) {
    this.lambda = resource.kind === 'lambda-function';
    this.names = historyResource(resource);
  }

  scheduled(parameters: unknown, timeoutInSeconds?: number, heartbeatInSeconds?: number): void {
    if (this.lambda) {
      this.add('LambdaFunctionScheduled', { resource: this.resource.arn, input: parameters, timeoutInSeconds });
      this.add('LambdaFunctionStarted');
    } else {
      this.add('TaskScheduled', { ...this.names, region: this.frame.runtime.region, parameters, timeoutInSeconds, heartbeatInSeconds });
      this.add('TaskStarted', { ...this.names });
    }
  }

  submitted(output: unknown): void {
    this.add('TaskSubmitted', { ...this.names, output });
  }

  succeeded(output: unknown): void {
    if (this.lambda) this.add('LambdaFunctionSucceeded', { output });
    else this.add('TaskSucceeded', { ...this.names, output });
  }

  failed(error: StatesError, timedOut: boolean): void {
    const details = { error: error.error, cause: error.cause };
    if (this.lambda) this.add(timedOut ? 'LambdaFunctionTimedOut' : 'LambdaFunctionFailed', details);
    else this.add(timedOut ? 'TaskTimedOut' : 'TaskFailed', { ...this.names, ...details });
  }

  private add(type: string, details?: Record<string, unknown>): void {
    appendInSequence(this.frame.runtime.history, this.frame, type, details);
  }
}
