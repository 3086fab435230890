import type { StateOfType, StateType } from '../asl';
import type { Frame } from '../frame';
import type { StateRun } from '../state-run';
import { executeChoice } from './choice';
import { executeFail } from './fail';
import { executeMap } from './map';
import { executeParallel } from './parallel';
import { executePass } from './pass';
import { executeSucceed } from './succeed';
import { executeTask } from './task';
import type { StepOutcome } from './outcome';
import { executeWait } from './wait';

export type { StepOutcome } from './outcome';

/** Narrows a run to its state's type: the one place the union is split, so each executor receives its own type. */
function isRunOf<T extends StateType>(run: StateRun, type: T): run is StateRun<StateOfType<T>> {
  return run.definition.Type === type;
}

/** Runs one state. Synchronous where the state needs no I/O, so chains of them never yield to the event loop. */
export function executeState(frame: Frame, run: StateRun): StepOutcome | Promise<StepOutcome> {
  if (isRunOf(run, 'Pass')) return executePass(frame, run);
  if (isRunOf(run, 'Choice')) return executeChoice(frame, run);
  if (isRunOf(run, 'Task')) return executeTask(frame, run);
  if (isRunOf(run, 'Succeed')) return executeSucceed(frame, run);
  if (isRunOf(run, 'Fail')) return executeFail(frame, run);
  if (isRunOf(run, 'Wait')) return executeWait(frame, run);
  if (isRunOf(run, 'Parallel')) return executeParallel(frame, run);
  if (isRunOf(run, 'Map')) return executeMap(frame, run);
  // Validation admits only the eight ASL types.
  throw new TypeError('Unknown state type');
}
