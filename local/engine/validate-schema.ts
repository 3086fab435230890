/**
 * The JSON-schema pass of validation: asl-validator's schemas (through asl-validator-bridge.ts) run on each state, and
 * their `format` findings (JSONPath syntax, Resource ARNs, JSONata syntax) become AWS-style diagnostics.
 */
import type { QueryLanguage, StateType } from './asl';
import { loadSchemaValidators } from './asl-validator-bridge';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const has = (object: JsonObject, field: string): boolean => Object.prototype.hasOwnProperty.call(object, field);

/** A state still to be checked by the JSON-schema pass, with the query language it runs in. */
export interface SchemaTarget {
  readonly state: JsonObject;
  readonly type: StateType;
  readonly at: string;
  readonly language: QueryLanguage;
}

/** A Parallel/Map with its nested machines stubbed: they are checked as scopes of their own. */
function withoutNestedMachines(target: SchemaTarget): JsonObject {
  const stub = { StartAt: 'S', States: { S: { Type: 'Succeed', QueryLanguage: target.language } } };
  const copy: JsonObject = { ...target.state, QueryLanguage: target.language };
  if (Array.isArray(copy.Branches)) copy.Branches = copy.Branches.map(() => stub);
  if (isObject(copy.ItemProcessor)) copy.ItemProcessor = { ...stub, ...(has(copy.ItemProcessor, 'ProcessorConfig') ? { ProcessorConfig: copy.ItemProcessor.ProcessorConfig } : {}) };
  if (isObject(copy.Iterator)) copy.Iterator = { ...stub, ...(has(copy.Iterator, 'ProcessorConfig') ? { ProcessorConfig: copy.Iterator.ProcessorConfig } : {}) };
  return copy;
}

/** `/Retry/0/ErrorEquals` → `/Retry[0]/ErrorEquals`, decoding JSON-pointer escapes. */
function toLocation(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : `${path}/${segment}`), '');
}

const PATH_FORMATS = new Set(['asl_path', 'asl_ref_path', 'asl_result_path', 'asl_payload_template']);

/**
 * The schema findings worth reporting. Only `format` failures are kept: asl-validator's type/required/oneOf findings
 * overlap the checks above and refuse definitions AWS accepts (a non-object JSONata Output, a constant Condition,
 * a fractional ToleratedFailurePercentage: all in the conformance corpus).
 */
export function schemaProblems(targets: readonly SchemaTarget[], known: readonly string[]): string[] {
  if (targets.length === 0) return [];
  const validators = loadSchemaValidators();
  const problems: string[] = [];
  for (const target of targets) {
    const validate = validators.get(target.type);
    if (!validate || validate(withoutNestedMachines(target))) continue;
    for (const error of validate.errors ?? []) {
      if (error.keyword !== 'format') continue;
      const location = `${target.at}${toLocation(error.instancePath)}`;
      if (known.some((problem) => problem.endsWith(` at ${location}`))) continue;
      const field = location.slice(location.lastIndexOf('/') + 1);
      const format = String(error.params.format);
      const value = valueAt(target.state, error.instancePath);
      const line = format === 'asl_arn'
        ? `SCHEMA_VALIDATION_FAILED: The resource provided ${String(value)} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at ${location}`
        : PATH_FORMATS.has(format)
          ? `SCHEMA_VALIDATION_FAILED: The value for the field '${field}' must be a valid JSONPath or a valid intrinsic function call at ${location}`
          : `SCHEMA_VALIDATION_FAILED: The value for the field '${field}' must be a valid JSONata expression at ${location}`;
      if (!problems.includes(line)) problems.push(line);
    }
  }
  return problems;
}

function valueAt(root: unknown, instancePath: string): unknown {
  let value = root;
  for (const segment of instancePath.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    value = Array.isArray(value) ? value[Number(key)] : isObject(value) ? value[key] : undefined;
  }
  return value;
}
