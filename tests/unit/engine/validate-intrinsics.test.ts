import { problemsOfState } from './definition-problems';

/** `States.Array(States.Array(...($.x)))`, `depth` calls deep. */
const nested = (depth: number): string => `${'States.Array('.repeat(depth)}$.x${')'.repeat(depth)}`;

// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html: "You can nest up to 10 intrinsic
// functions within a field" (the page's own example nests nine).
describe('intrinsic nesting at CreateStateMachine', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['Parameters', { Type: 'Pass', Parameters: { 'a.$': nested(11) }, End: true }, '/States/S/Parameters/a.$'],
    ['a nested Parameters key', { Type: 'Pass', Parameters: { outer: [{ 'b.$': nested(12) }] }, End: true }, '/States/S/Parameters/outer[0]/b.$'],
    ['Assign', { Type: 'Pass', Assign: { 'v.$': nested(11) }, End: true }, '/States/S/Assign/v.$'],
    ['a Fail CausePath', { Type: 'Fail', CausePath: `States.Format('{}', ${nested(10)})` }, '/States/S/CausePath'],
  ])('refuses more than 10 nested calls in %s', (_name, state, location) => {
    const problems = problemsOfState(state);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^SCHEMA_VALIDATION_FAILED: The intrinsic function call nests 1[12] functions; at most 10 may be nested in a field at ${location.replace(/[[\]$.]/g, '\\$&')}$`));
  });

  it.each([1, 9, 10])('accepts %d nested calls', (depth) => {
    expect(problemsOfState({ Type: 'Pass', Parameters: { 'a.$': nested(depth) }, End: true })).toEqual([]);
  });
});
