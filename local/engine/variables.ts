import { StatesError } from './errors';
import { exceedsPayloadLimit } from './size';
import { MISSING, type VariableScope } from './types';

/**
 * Workflow variables of one frame (the execution, a Parallel branch or a Map iteration), falling back to the
 * enclosing frame's. Inner frames read outer variables but write only their own.
 * https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html#variable-scope
 */
export class FrameVariables implements VariableScope {
  private readonly own = new Map<string, unknown>();

  constructor(private readonly outer?: VariableScope) {}

  get(name: string): unknown {
    if (this.own.has(name)) return this.own.get(name);
    return this.outer ? this.outer.get(name) : MISSING;
  }

  /**
   * Assigns after a state completes: values were all evaluated against the variables as they were before.
   * https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html: the values one state assigns may
   * total 256 KiB at most (ENGINE-NOTES.md); past it the state fails with States.DataLimitExceeded.
   */
  assign(values: Record<string, unknown>, stateName: string): void {
    if (exceedsPayloadLimit(values)) {
      throw new StatesError('States.DataLimitExceeded', `The state '${stateName}' assigned variables whose size exceeds the maximum number of bytes service limit.`);
    }
    for (const [key, value] of Object.entries(values)) this.own.set(key, value);
  }

  /**
   * Puts back the values the frame's exited states had assigned, before a redrive resumes it. No size check: each
   * state's own assignments were checked when it assigned them, and together they may exceed 256 KiB.
   */
  restore(values: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(values)) this.own.set(key, value);
  }
}
