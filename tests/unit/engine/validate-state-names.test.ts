import { problemsOf } from './definition-problems';

const block = (name: string) => ({ StartAt: name, States: { [name]: { Type: 'Succeed' } } });
const parallel = (...branches: unknown[]) => ({ StartAt: 'P', States: { P: { Type: 'Parallel', Branches: branches, End: true } } });

// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-states.html: names are unique in the whole machine.
// https://states-language.net/spec.html#states-fields: at most 80 Unicode characters.
describe('state names at CreateStateMachine', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a branch reusing the outer state name', parallel(block('P')), 'DUPLICATE_STATE_NAME: Duplicate State name: P at /States/P/Branches[0]/States/P'],
    ['two branches with the same state name', parallel(block('Done'), block('Done')), 'DUPLICATE_STATE_NAME: Duplicate State name: Done at /States/P/Branches[1]/States/Done'],
    ['a Map processor reusing an outer name', { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: block('M'), End: true } } },
      'DUPLICATE_STATE_NAME: Duplicate State name: M at /States/M/ItemProcessor/States/M'],
    ['an 81-character name', { StartAt: 'n'.repeat(81), States: { ['n'.repeat(81)]: { Type: 'Succeed' } } },
      `SCHEMA_VALIDATION_FAILED: The state name '${'n'.repeat(81)}' is longer than 80 characters at /States/${'n'.repeat(81)}`],
  ])('refuses %s', (_name, definition, expected) => {
    expect(problemsOf(definition)).toEqual([expected]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['distinct names in every branch', parallel(block('A'), block('B'))],
    ['an 80-character name', { StartAt: 'n'.repeat(80), States: { ['n'.repeat(80)]: { Type: 'Succeed' } } }],
    ['80 characters beyond the BMP', { StartAt: '😀'.repeat(80), States: { ['😀'.repeat(80)]: { Type: 'Succeed' } } }],
  ])('accepts %s', (_name, definition) => {
    expect(problemsOf(definition)).toEqual([]);
  });
});
