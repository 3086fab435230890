/** The problems validateDefinition reports, for the validation tests. */
import { InvalidDefinitionError } from '../../../local/engine/errors';
import { validateDefinition } from '../../../local/engine/validate';

export type Definition = Record<string, unknown>;

/** The problems validateDefinition reports for a definition (an object, or its text), or [] when it accepts it. */
export function problemsOf(definition: Definition | string, type?: 'STANDARD' | 'EXPRESS'): string[] {
  try {
    validateDefinition(typeof definition === 'string' ? definition : JSON.stringify(definition), { type });
    return [];
  } catch (error) {
    if (error instanceof InvalidDefinitionError) return error.problems;
    throw error;
  }
}

/** The problems of a one-state machine around `state`, named S. */
export const problemsOfState = (state: Definition): string[] => problemsOf({ StartAt: 'S', States: { S: state } });

/** A Pass state that ends the machine, with `more` fields. */
export const pass = (more: Definition = {}): Definition => ({ Type: 'Pass', End: true, ...more });

/** A Lambda Task state that ends the machine, with `more` fields. */
export const task = (more: Definition = {}): Definition => ({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...more });
