/**
 * Errors as ASL names them. Retry and Catch match on `error`; the execution's failure reports `error` and `cause`.
 * https://states-language.net/spec.html#appendix-a (predefined error codes)
 */
export class StatesError extends Error {
  constructor(
    /** The ASL error name that Retry/Catch match, e.g. `States.Timeout` or a Lambda's `PaymentDeclined`. */
    readonly error: string,
    /** Free text (AWS often puts JSON here); `undefined` when AWS reports no cause at all. */
    override readonly cause?: string,
  ) {
    super(cause ? `${error}: ${cause}` : error);
    this.name = 'StatesError';
  }
}

/**
 * A failure while evaluating one of a state's own fields (paths, templates, JSONata, Wait timestamps...).
 * AWS reports these with a prefix naming the state and the history event id at which it was entered;
 * the interpreter adds that prefix, so evaluators only describe the problem:
 *   "An error occurred while executing the state 'X' (entered at the event id #2). <detail>"
 */
export class StateEvaluationError extends StatesError {
  constructor(
    error: string,
    readonly detail: string,
    /** The field that failed (`Items`, `Output/result`), which AWS's EvaluationFailed event names as its `location`. */
    readonly location?: string,
  ) {
    super(error, detail);
    this.name = 'StateEvaluationError';
  }
}

/** States.Runtime raised from a field evaluation (a missing path, a bad reference...). */
export const runtimeError = (detail: string): StateEvaluationError => new StateEvaluationError('States.Runtime', detail);

/** States.QueryEvaluationError raised from a JSONata field. */
export const queryError = (detail: string, location?: string): StateEvaluationError =>
  new StateEvaluationError('States.QueryEvaluationError', detail, location);

/** States.IntrinsicFailure raised from an intrinsic function (bad argument types, bad arity...). */
export const intrinsicError = (detail: string): StateEvaluationError =>
  new StateEvaluationError('States.IntrinsicFailure', detail);

/** A definition that AWS would refuse at CreateStateMachine; `message` names the state and the field. */
export class InvalidDefinitionError extends Error {
  constructor(readonly problems: string[]) {
    // AWS quotes the whole list once: "Invalid State Machine Definition: 'A, B'".
    super(`Invalid State Machine Definition: '${problems.join(', ')}'`);
    this.name = 'InvalidDefinitionError';
  }
}
