/**
 * The asl-validator bridge reaches into that package's private dist/ layout. These tests fail when an upgrade moves
 * or changes what the bridge relies on, so the break shows up here and not as definitions silently left unchecked.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchemaValidators, privateDir, SCHEMA_NAMES, STATE_TYPES } from '../../../local/engine/asl-validator-bridge';

/** The format findings (the only ones validate.ts reports) for one state; validate.ts always sets its QueryLanguage. */
const formatErrors = (type: (typeof STATE_TYPES)[number], state: Record<string, unknown>): string[] => {
  const validate = loadSchemaValidators().get(type);
  if (!validate) throw new Error(`no validator for ${type}`);
  validate(state);
  return (validate.errors ?? []).filter((error) => error.keyword === 'format').map((error) => `${error.instancePath} ${String(error.params.format)}`);
};

describe('asl-validator bridge', () => {
  it.each([
    ...SCHEMA_NAMES.map((name) => `schemas/${name}.json`),
    'checks/formats.js',
  ])('finds the private file %s', (file) => {
    expect(existsSync(join(privateDir(), file))).toBe(true);
  });

  it.each(['ajv', 'ajv-formats', 'asl-path-validator', 'jsonata'])('resolves %s from asl-validator\'s own dependencies', (id) => {
    expect(() => require.resolve(id, { paths: [privateDir()] })).not.toThrow();
  });

  it('compiles a validator for each of the eight state types', () => {
    expect([...loadSchemaValidators().keys()].sort()).toEqual([...STATE_TYPES].sort());
  });

  it.each<[string, (typeof STATE_TYPES)[number], Record<string, unknown>]>([
    ['a Task with a Lambda ARN and plain paths', 'Task', { Type: 'Task', QueryLanguage: 'JSONPath', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', InputPath: '$.a', ResultPath: '$.r', End: true }],
    ['a Pass whose Parameters use a filter path', 'Pass', { Type: 'Pass', QueryLanguage: 'JSONPath', Parameters: { 'x.$': '$.items[?(@.n > 1)]' }, End: true }],
    ['a JSONata Pass whose Output parses', 'Pass', { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.a + 1 %}', End: true }],
  ])('accepts a known-good state: %s', (_name, type, state) => {
    expect(formatErrors(type, state)).toEqual([]);
  });

  it.each<[string, (typeof STATE_TYPES)[number], Record<string, unknown>, string]>([
    ['a Task Resource that is not an ARN', 'Task', { Type: 'Task', QueryLanguage: 'JSONPath', Resource: 'not-an-arn', End: true }, '/Resource asl_arn'],
    ['an InputPath that is not a path', 'Pass', { Type: 'Pass', QueryLanguage: 'JSONPath', InputPath: '$.a[', End: true }, '/InputPath asl_path'],
    ['a ResultPath that is not a path', 'Pass', { Type: 'Pass', QueryLanguage: 'JSONPath', ResultPath: '$.a[', End: true }, '/ResultPath asl_result_path'],
    ['a JSONata Output that does not parse', 'Pass', { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input. %}', End: true }, '/Output jsonata_string'],
  ])('refuses a known-bad state: %s', (_name, type, state, expected) => {
    expect(formatErrors(type, state)).toContain(expected);
  });
});
