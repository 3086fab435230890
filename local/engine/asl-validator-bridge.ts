/**
 * The one door into asl-validator's private internals. validate.ts borrows that package's JSON schemas and format
 * checkers, which it does not export: they live under `asl-validator/dist/src/` (schemas/*.json, checks/formats), and
 * its own dependencies (ajv, ajv-formats, asl-path-validator, jsonata) are resolved from there. An upgrade that moves
 * any of these breaks this module alone, and tests/unit/engine/asl-validator-bridge.test.ts says so: it checks that
 * every private path resolves and that the validators still accept a known-good state and refuse a known-bad one.
 * Pinned: asl-validator 4.0.0 (package.json).
 */
import { isJsonataString, jsonataExpressionText } from './jsonata';
import type { StateType } from './asl';

/** The state types asl-validator has a schema for (all eight ASL types). */
export const STATE_TYPES: readonly StateType[] = ['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'];

/** Where asl-validator keeps its compiled sources, relative to its package root. */
export const PRIVATE_DIR = 'dist/src';
/** The schema files it ships under PRIVATE_DIR/schemas, all of which must load for the state schemas to compile. */
export const SCHEMA_NAMES = ['common', 'paths', 'jsonata', 'choice', 'fail', 'parallel', 'pass', 'base-state-machine', 'state-machine', 'state', 'succeed', 'task', 'wait', 'map', 'errors'] as const;
/** The `$id` prefix of its state schemas. */
const SCHEMA_ID_BASE = 'http://asl-validator.cloud/';

/** The absolute directory of asl-validator's private sources. */
export function privateDir(): string {
  /* eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, like the rest of this module */
  return `${(require('path') as typeof import('path')).dirname(require.resolve('asl-validator/package.json'))}/${PRIVATE_DIR}`;
}

export interface AjvError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}
export type AjvValidate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
interface AjvInstance {
  getSchema(id: string): AjvValidate | undefined;
  addFormat(name: string, check: (value: string) => boolean): void;
}

let schemaValidators: ReadonlyMap<StateType, AjvValidate> | undefined;

/**
 * asl-validator's JSON schemas, compiled once into one Ajv instance, one validator per state type. Calling
 * asl-validator itself would rebuild Ajv on every call (about 100 ms each); its schemas and format checkers are what
 * add value: JSONPath syntax in path fields and payload templates, Resource ARNs, JSONata syntax, value types.
 */
export function loadSchemaValidators(): ReadonlyMap<StateType, AjvValidate> {
  if (schemaValidators) return schemaValidators;
  /* eslint-disable @typescript-eslint/no-require-imports -- lazy: Ajv, jsonata and the schemas cost ~100 ms to load */
  const base = privateDir();
  const fromValidator = (id: string): unknown => require(require.resolve(id, { paths: [base] }));
  const Ajv = (fromValidator('ajv') as { default: new (options: object) => AjvInstance }).default;
  const addFormats = (fromValidator('ajv-formats') as { default: (ajv: AjvInstance) => void }).default;
  const { registerAll } = fromValidator('asl-path-validator') as { registerAll: (ajv: AjvInstance) => void };
  const { isArnFormatValid } = require(`${base}/checks/formats`) as { isArnFormatValid: (value: string) => boolean };
  const jsonata = fromValidator('jsonata') as (expression: string) => unknown;
  const schemas = SCHEMA_NAMES.map((name) => require(`${base}/schemas/${name}.json`) as object);
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ajv = new Ajv({ schemas, allowUnionTypes: true });
  addFormats(ajv);
  const parsesAsJsonata = (value: string): boolean => {
    try {
      jsonata(jsonataExpressionText(value));
      return true;
    } catch {
      return false;
    }
  };
  ajv.addFormat('jsonata_string', parsesAsJsonata);
  ajv.addFormat('maybe_jsonata_string', (value) => !isJsonataString(value) || parsesAsJsonata(value));
  // The PEG parser behind the path formats costs ~0.1 ms a call: plain paths skip it, and answers are memoised.
  registerAll({
    getSchema: (id) => ajv.getSchema(id),
    addFormat: (name, check) => ajv.addFormat(name, fastPathCheck(check, name === 'asl_result_path' ? PLAIN_RESULT_PATH : PLAIN_PATH)),
  });
  ajv.addFormat('asl_arn', isArnFormatValid);
  const validators = new Map<StateType, AjvValidate>();
  for (const type of STATE_TYPES) {
    const validate = ajv.getSchema(`${SCHEMA_ID_BASE}${type.toLowerCase()}.json#`);
    // A schema id that no longer resolves is an asl-validator upgrade that moved things: fail loudly, not silently skip.
    if (!validate) throw new Error(`asl-validator has no schema ${SCHEMA_ID_BASE}${type.toLowerCase()}.json: its private layout changed`);
    validators.set(type, validate);
  }
  schemaValidators = validators;
  return validators;
}

/** Paths that are valid in every path field (`$`, `$.a.b`, `$$.Map.Item.Value`, `$.a[0]`); ResultPath may not read `$$`. */
const PLAIN_PATH = /^\$\$?(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/;
const PLAIN_RESULT_PATH = /^\$(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/;
const MEMO_LIMIT = 10_000;

function fastPathCheck(check: (value: string) => boolean, plain: RegExp): (value: string) => boolean {
  const memo = new Map<string, boolean>();
  return (value) => {
    if (plain.test(value)) return true;
    let valid = memo.get(value);
    if (valid === undefined) {
      valid = check(value);
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(value, valid);
    }
    return valid;
  };
}
