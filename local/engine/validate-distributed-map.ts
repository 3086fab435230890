/**
 * The definition checks of a Map's ItemReader, ResultWriter and ItemBatcher, in validate.ts's shape
 * (`SCHEMA_VALIDATION_FAILED: <message> at <location>`). The rules are the developer guide's:
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html,
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html and
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html; the ASL editor's schema
 * (map_state.json) adds WriterConfig's required OutputType and the batcher's minimums of 1.
 */
import { isJsonataString } from './jsonata';
import type { QueryLanguage } from './types';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);
const has = (object: JsonObject, field: string): boolean => Object.prototype.hasOwnProperty.call(object, field);
const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** Any partition: `arn:aws:...`, `arn:aws-cn:...`, `arn:aws-us-gov:...`. */
const s3Resource = (action: string) => new RegExp(`^arn:aws[a-z-]*:states:::s3:${action}$`);
const READER_RESOURCES = [s3Resource('getObject'), s3Resource('listObjectsV2')];
const WRITER_RESOURCE = s3Resource('putObject');
/** AWS reads at most 100,000,000 items (ReaderConfig.MaxItems). */
const MAX_ITEMS = 100_000_000;

const READER_FIELDS = new Set(['Resource', 'Parameters', 'Arguments', 'ReaderConfig']);
const READER_CONFIG_FIELDS = new Set([
  'InputType', 'CSVHeaderLocation', 'CSVHeaders', 'CSVDelimiter', 'MaxItems', 'MaxItemsPath', 'Transformation', 'ManifestType', 'ItemsPointer',
]);
const WRITER_FIELDS = new Set(['Resource', 'Parameters', 'Arguments', 'WriterConfig']);
const WRITER_CONFIG_FIELDS = new Set(['OutputType', 'Transformation']);
const BATCH_LIMITS = ['MaxItemsPerBatch', 'MaxItemsPerBatchPath', 'MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath'];
const BATCHER_FIELDS = new Set([...BATCH_LIMITS, 'BatchInput']);

/** Every problem of the Map state's ItemReader, ResultWriter and ItemBatcher. */
export function distributedMapProblems(state: JsonObject, at: string, language: QueryLanguage): string[] {
  const check = new Checker(language);
  if (has(state, 'ItemReader')) check.itemReader(state.ItemReader, `${at}/ItemReader`);
  if (has(state, 'ResultWriter')) check.resultWriter(state.ResultWriter, `${at}/ResultWriter`);
  if (has(state, 'ItemBatcher')) check.itemBatcher(state.ItemBatcher, `${at}/ItemBatcher`);
  return check.problems;
}

class Checker {
  readonly problems: string[] = [];

  constructor(private readonly language: QueryLanguage) {}

  itemReader(value: unknown, at: string): void {
    if (!this.object(value, at)) return;
    this.unsupported(value, READER_FIELDS, at);
    this.argumentsField(value, at);
    const resource = value.Resource;
    if (!has(value, 'Resource')) this.schema('These fields are required: [Resource]', at);
    else if (typeof resource !== 'string' || !READER_RESOURCES.some((pattern) => pattern.test(resource))) {
      this.schema('Value should be one of the following: [arn:aws:states:::s3:getObject, arn:aws:states:::s3:listObjectsV2]', `${at}/Resource`);
    }
    const config = value.ReaderConfig;
    if (has(value, 'ReaderConfig') && this.object(config, `${at}/ReaderConfig`)) this.readerConfig(config, `${at}/ReaderConfig`);
    // getObject must say how to read the object; only an S3 inventory manifest names its own format.
    if (typeof resource === 'string' && s3Resource('getObject').test(resource)) {
      if (!isObject(config)) this.schema('These fields are required: [ReaderConfig]', at);
      else if (!has(config, 'InputType') && config.ManifestType !== 'S3_INVENTORY') this.schema('These fields are required: [InputType]', `${at}/ReaderConfig`);
    }
  }

  private readerConfig(config: JsonObject, at: string): void {
    this.unsupported(config, READER_CONFIG_FIELDS, at);
    this.oneOf(config, 'InputType', ['CSV', 'JSON', 'JSONL', 'PARQUET', 'MANIFEST'], at);
    this.oneOf(config, 'CSVHeaderLocation', ['FIRST_ROW', 'GIVEN'], at);
    this.oneOf(config, 'CSVDelimiter', ['COMMA', 'PIPE', 'SEMICOLON', 'SPACE', 'TAB'], at);
    this.oneOf(config, 'Transformation', ['NONE', 'LOAD_AND_FLATTEN'], at);
    this.oneOf(config, 'ManifestType', ['ATHENA_DATA', 'S3_INVENTORY'], at);
    if (config.CSVHeaderLocation === 'GIVEN' && !has(config, 'CSVHeaders')) this.schema('These fields are required: [CSVHeaders]', at);
    if (has(config, 'CSVHeaders')) {
      const headers = config.CSVHeaders;
      if (!Array.isArray(headers) || headers.length === 0 || !headers.every((header) => typeof header === 'string')) {
        this.schema("The value for the field 'CSVHeaders' must be a non-empty array of strings", `${at}/CSVHeaders`);
      }
      if (config.CSVHeaderLocation !== 'GIVEN') this.schema("The field 'CSVHeaders' is only allowed when 'CSVHeaderLocation' is 'GIVEN'", `${at}/CSVHeaders`);
    }
    const csv = config.InputType === 'CSV' || config.InputType === 'MANIFEST';
    for (const field of ['CSVHeaderLocation', 'CSVHeaders', 'CSVDelimiter']) {
      if (has(config, field) && has(config, 'InputType') && !csv) this.schema(`The field '${field}' is only allowed when 'InputType' is 'CSV' or 'MANIFEST'`, `${at}/${field}`);
    }
    this.atMostOne(config, ['MaxItems', 'MaxItemsPath'], at);
    if (has(config, 'MaxItems') && !this.expression(config.MaxItems) && !(isInteger(config.MaxItems) && config.MaxItems >= 0 && config.MaxItems <= MAX_ITEMS)) {
      this.schema(`The value for the field 'MaxItems' must be an integer from 0 to ${MAX_ITEMS}`, `${at}/MaxItems`);
    }
    this.pathField(config, 'MaxItemsPath', at);
  }

  resultWriter(value: unknown, at: string): void {
    if (!this.object(value, at)) return;
    this.unsupported(value, WRITER_FIELDS, at);
    this.argumentsField(value, at);
    // Allowed: WriterConfig alone (formats the inline output), Resource with its arguments (export), or all three.
    if (Object.keys(value).length === 0) this.schema("The field 'ResultWriter' should be non-empty", at);
    const argumentsField = this.language === 'JSONata' ? 'Arguments' : 'Parameters';
    const hasArguments = has(value, 'Parameters') || has(value, 'Arguments');
    if (has(value, 'Resource')) {
      const resource = value.Resource;
      if (typeof resource !== 'string' || !WRITER_RESOURCE.test(resource)) this.schema('Value should be one of the following: [arn:aws:states:::s3:putObject]', `${at}/Resource`);
      if (!hasArguments) this.schema(`These fields are required: [${argumentsField}]`, at);
    } else if (hasArguments) {
      this.schema('These fields are required: [Resource]', at);
    }
    if (!has(value, 'WriterConfig')) return;
    const config = value.WriterConfig;
    const configAt = `${at}/WriterConfig`;
    if (!this.object(config, configAt)) return;
    this.unsupported(config, WRITER_CONFIG_FIELDS, configAt);
    if (!has(config, 'OutputType')) this.schema('These fields are required: [OutputType]', configAt);
    this.oneOf(config, 'OutputType', ['JSON', 'JSONL'], configAt);
    this.oneOf(config, 'Transformation', ['NONE', 'COMPACT', 'FLATTEN'], configAt);
  }

  itemBatcher(value: unknown, at: string): void {
    if (!this.object(value, at)) return;
    this.unsupported(value, BATCHER_FIELDS, at);
    if (!BATCH_LIMITS.some((field) => has(value, field))) this.schema(`At least one of these fields is required: [${BATCH_LIMITS.join(', ')}]`, at);
    for (const field of ['MaxItemsPerBatch', 'MaxInputBytesPerBatch']) {
      this.atMostOne(value, [field, `${field}Path`], at);
      if (has(value, field) && !this.expression(value[field]) && !(isInteger(value[field]) && value[field] >= 1)) {
        this.schema(`The value for the field '${field}' must be a positive integer`, `${at}/${field}`);
      }
      this.pathField(value, `${field}Path`, at);
    }
  }

  /** Parameters in a JSONPath state, Arguments in a JSONata one. */
  private argumentsField(object: JsonObject, at: string): void {
    const foreign = this.language === 'JSONata' ? 'Parameters' : 'Arguments';
    const other = this.language === 'JSONata' ? 'JSONPath' : 'JSONata';
    if (has(object, foreign)) this.schema(`The QueryLanguage is set to '${this.language}', but field '${foreign}' is only supported for the '${other}' QueryLanguage`, at);
  }

  /** A `...Path` field: a string, and only in a JSONPath state. */
  private pathField(object: JsonObject, field: string, at: string): void {
    if (!has(object, field)) return;
    if (this.language === 'JSONata') {
      this.schema(`The QueryLanguage is set to 'JSONata', but field '${field}' is only supported for the 'JSONPath' QueryLanguage`, at);
    } else if (typeof object[field] !== 'string' || !(object[field] as string).startsWith('$')) {
      this.schema(`The value for the field '${field}' must be a valid JSONPath`, `${at}/${field}`);
    }
  }

  /** A `{% %}` expression standing for a number, in a JSONata state. */
  private expression(value: unknown): boolean {
    return this.language === 'JSONata' && isJsonataString(value);
  }

  private object(value: unknown, at: string): value is JsonObject {
    if (!isObject(value)) this.schema('Expected value of type [OBJECT]', at);
    return isObject(value);
  }

  private unsupported(object: JsonObject, allowed: ReadonlySet<string>, at: string): void {
    for (const field of Object.keys(object)) if (!allowed.has(field)) this.schema(`Field '${field}' is not supported`, at);
  }

  private oneOf(object: JsonObject, field: string, values: readonly string[], at: string): void {
    if (has(object, field) && !(typeof object[field] === 'string' && values.includes(object[field]))) {
      this.schema(`Value should be one of the following: [${values.join(', ')}]`, `${at}/${field}`);
    }
  }

  private atMostOne(object: JsonObject, fields: [string, string], at: string): void {
    if (has(object, fields[0]) && has(object, fields[1])) this.schema(`Only one of these fields is allowed: [${fields.join(', ')}]`, at);
  }

  private schema(message: string, at: string): void {
    this.problems.push(`SCHEMA_VALIDATION_FAILED: ${message} at ${at}`);
  }
}
