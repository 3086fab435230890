import type { MapState, ParallelState, PassState, TaskState, WaitState } from '../asl';
import type { StateResult } from '../fields';
import type { Frame } from '../frame';
import type { StateRun } from '../state-run';
import type { QueryLanguage } from '../types';

/** What a state hands back to its frame: its output, the variables it assigns, and where to go (none: the frame ends). */
export interface StepOutcome extends StateResult {
  readonly next?: string;
}

/** The transition after a state that completed normally. */
export const nextOf = (run: StateRun<PassState | TaskState | WaitState | ParallelState | MapState>): string | undefined => (run.definition.End ? undefined : run.definition.Next);

/** The frame's query language for this state (its own QueryLanguage wins). */
export const languageFor = (frame: Frame, run: StateRun): QueryLanguage => run.definition.QueryLanguage ?? frame.language;
