/**
 * Definition checks of a Distributed Map's ItemReader, ResultWriter and ItemBatcher, as CreateStateMachine refuses them.
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html, …-resultwriter.html, …-itembatcher.html
 */
import { problemsOfState, type Definition } from './definition-problems';

const distributedMap = (fields: Definition): Definition => ({
  Type: 'Map',
  ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'D', States: { D: { Type: 'Succeed' } } },
  End: true,
  ...fields,
});
const jsonataMap = (fields: Definition): Definition => distributedMap({ QueryLanguage: 'JSONata', ...fields });

const GET_OBJECT = 'arn:aws:states:::s3:getObject';
const LIST = 'arn:aws:states:::s3:listObjectsV2';
const PUT = 'arn:aws:states:::s3:putObject';
const at = (path: string) => ` at /States/S/${path}`;

describe('ItemReader', () => {
  const reader = (fields: Definition, config?: Definition): Definition => ({
    ItemReader: { Resource: GET_OBJECT, Parameters: { Bucket: 'b', Key: 'k' }, ...(config ? { ReaderConfig: config } : {}), ...fields },
  });

  it.each<[string, Definition]>([
    ['a listing of a prefix', { ItemReader: { Resource: LIST, Parameters: { Bucket: 'b', Prefix: 'p/', MaxKeys: 100 } } }],
    ['a CSV with its first row as headers', reader({}, { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', CSVDelimiter: 'SEMICOLON', MaxItems: 10 })],
    ['a CSV with given headers', reader({}, { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['a', 'b'] })],
    ['JSON Lines with MaxItemsPath', reader({}, { InputType: 'JSONL', MaxItemsPath: '$.limit' })],
    ['an S3 inventory manifest', reader({}, { ManifestType: 'S3_INVENTORY' })],
  ])('accepts %s', (_name, fields) => {
    expect(problemsOfState(distributedMap(fields))).toEqual([]);
  });

  it('accepts JSONata Arguments and MaxItems in a JSONata state', () => {
    expect(problemsOfState(jsonataMap({
      ItemReader: { Resource: GET_OBJECT, Arguments: { Bucket: '{% $states.input.bucket %}', Key: 'k' }, ReaderConfig: { InputType: 'JSON', MaxItems: '{% $states.input.n %}' } },
    }))).toEqual([]);
  });

  it.each<[string, Definition, string[]]>([
    ['a resource other than the two S3 reads', { ItemReader: { Resource: 'arn:aws:states:::s3:putObject', Parameters: {} } },
      [`Value should be one of the following: [${GET_OBJECT}, ${LIST}]${at('ItemReader/Resource')}`]],
    ['no Resource', { ItemReader: { Parameters: { Bucket: 'b' } } }, [`These fields are required: [Resource]${at('ItemReader')}`]],
    ['getObject without a ReaderConfig', reader({}), [`These fields are required: [ReaderConfig]${at('ItemReader')}`]],
    ['getObject without an InputType', reader({}, { MaxItems: 1 }), [`These fields are required: [InputType]${at('ItemReader/ReaderConfig')}`]],
    ['an unknown InputType', reader({}, { InputType: 'XML' }),
      [`Value should be one of the following: [CSV, JSON, JSONL, PARQUET, MANIFEST]${at('ItemReader/ReaderConfig/InputType')}`]],
    ['an unknown delimiter', reader({}, { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', CSVDelimiter: 'COLON' }),
      [`Value should be one of the following: [COMMA, PIPE, SEMICOLON, SPACE, TAB]${at('ItemReader/ReaderConfig/CSVDelimiter')}`]],
    ['GIVEN without CSVHeaders', reader({}, { InputType: 'CSV', CSVHeaderLocation: 'GIVEN' }), [`These fields are required: [CSVHeaders]${at('ItemReader/ReaderConfig')}`]],
    ['CSVHeaders with FIRST_ROW', reader({}, { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', CSVHeaders: ['a'] }),
      [`The field 'CSVHeaders' is only allowed when 'CSVHeaderLocation' is 'GIVEN'${at('ItemReader/ReaderConfig/CSVHeaders')}`]],
    ['CSV settings on JSON', reader({}, { InputType: 'JSON', CSVDelimiter: 'PIPE' }),
      [`The field 'CSVDelimiter' is only allowed when 'InputType' is 'CSV' or 'MANIFEST'${at('ItemReader/ReaderConfig/CSVDelimiter')}`]],
    ['MaxItems with MaxItemsPath', reader({}, { InputType: 'JSON', MaxItems: 1, MaxItemsPath: '$.n' }),
      [`Only one of these fields is allowed: [MaxItems, MaxItemsPath]${at('ItemReader/ReaderConfig')}`]],
    ['a negative MaxItems', reader({}, { InputType: 'JSON', MaxItems: -1 }),
      [`The value for the field 'MaxItems' must be an integer from 0 to 100000000${at('ItemReader/ReaderConfig/MaxItems')}`]],
    ['an unknown ReaderConfig field', reader({}, { InputType: 'JSON', Compression: 'GZIP' }), [`Field 'Compression' is not supported${at('ItemReader/ReaderConfig')}`]],
    ['Arguments in a JSONPath state', { ItemReader: { Resource: LIST, Arguments: { Bucket: 'b' } } },
      [`The QueryLanguage is set to 'JSONPath', but field 'Arguments' is only supported for the 'JSONata' QueryLanguage${at('ItemReader')}`]],
  ])('refuses %s', (_name, fields, problems) => {
    expect(problemsOfState(distributedMap(fields))).toEqual(problems.map((problem) => `SCHEMA_VALIDATION_FAILED: ${problem}`));
  });

  it('refuses Parameters and MaxItemsPath in a JSONata state', () => {
    expect(problemsOfState(jsonataMap({ ItemReader: { Resource: GET_OBJECT, Parameters: { Bucket: 'b', Key: 'k' }, ReaderConfig: { InputType: 'JSON', MaxItemsPath: '$.n' } } }))).toEqual([
      `SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'Parameters' is only supported for the 'JSONPath' QueryLanguage${at('ItemReader')}`,
      `SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'MaxItemsPath' is only supported for the 'JSONPath' QueryLanguage${at('ItemReader/ReaderConfig')}`,
    ]);
  });
});

describe('ResultWriter', () => {
  it.each<[string, Definition]>([
    ['an export with the default format', { Resource: PUT, Parameters: { Bucket: 'b', Prefix: 'out' } }],
    ['a format alone (inline output)', { WriterConfig: { OutputType: 'JSON', Transformation: 'FLATTEN' } }],
    ['an export with a format', { Resource: PUT, Parameters: { Bucket: 'b' }, WriterConfig: { OutputType: 'JSONL', Transformation: 'COMPACT' } }],
  ])('accepts %s', (_name, writer) => {
    expect(problemsOfState(distributedMap({ ResultWriter: writer }))).toEqual([]);
  });

  it.each<[string, Definition, string[]]>([
    ['an empty ResultWriter', {}, [`The field 'ResultWriter' should be non-empty${at('ResultWriter')}`]],
    ['a Resource without Parameters', { Resource: PUT }, [`These fields are required: [Parameters]${at('ResultWriter')}`]],
    ['Parameters without a Resource', { Parameters: { Bucket: 'b' } }, [`These fields are required: [Resource]${at('ResultWriter')}`]],
    ['another Resource', { Resource: GET_OBJECT, Parameters: { Bucket: 'b' } },
      [`Value should be one of the following: [arn:aws:states:::s3:putObject]${at('ResultWriter/Resource')}`]],
    ['a WriterConfig without OutputType', { WriterConfig: { Transformation: 'NONE' } }, [`These fields are required: [OutputType]${at('ResultWriter/WriterConfig')}`]],
    ['an unknown Transformation', { WriterConfig: { OutputType: 'JSON', Transformation: 'GZIP' } },
      [`Value should be one of the following: [NONE, COMPACT, FLATTEN]${at('ResultWriter/WriterConfig/Transformation')}`]],
  ])('refuses %s', (_name, writer, problems) => {
    expect(problemsOfState(distributedMap({ ResultWriter: writer }))).toEqual(problems.map((problem) => `SCHEMA_VALIDATION_FAILED: ${problem}`));
  });
});

describe('ItemBatcher', () => {
  it.each<[string, Definition]>([
    ['a count', { MaxItemsPerBatch: 100 }],
    ['bytes from a path, with BatchInput', { MaxInputBytesPerBatchPath: '$.bytes', BatchInput: { 'id.$': '$.id' } }],
    ['both limits', { MaxItemsPerBatch: 10, MaxInputBytesPerBatch: 1024 }],
  ])('accepts %s', (_name, batcher) => {
    expect(problemsOfState(distributedMap({ ItemBatcher: batcher }))).toEqual([]);
  });

  it.each<[string, Definition, string[]]>([
    ['no limit', { BatchInput: {} }, [`At least one of these fields is required: [MaxItemsPerBatch, MaxItemsPerBatchPath, MaxInputBytesPerBatch, MaxInputBytesPerBatchPath]${at('ItemBatcher')}`]],
    ['a value and its path', { MaxItemsPerBatch: 2, MaxItemsPerBatchPath: '$.n' }, [`Only one of these fields is allowed: [MaxItemsPerBatch, MaxItemsPerBatchPath]${at('ItemBatcher')}`]],
    ['a count of 0', { MaxItemsPerBatch: 0 }, [`The value for the field 'MaxItemsPerBatch' must be a positive integer${at('ItemBatcher/MaxItemsPerBatch')}`]],
    ['a fractional byte limit', { MaxInputBytesPerBatch: 1.5 }, [`The value for the field 'MaxInputBytesPerBatch' must be a positive integer${at('ItemBatcher/MaxInputBytesPerBatch')}`]],
  ])('refuses %s', (_name, batcher, problems) => {
    expect(problemsOfState(distributedMap({ ItemBatcher: batcher }))).toEqual(problems.map((problem) => `SCHEMA_VALIDATION_FAILED: ${problem}`));
  });

  it('accepts JSONata limits in a JSONata state and refuses a Path there', () => {
    expect(problemsOfState(jsonataMap({ ItemBatcher: { MaxItemsPerBatch: '{% $states.input.n %}' } }))).toEqual([]);
    expect(problemsOfState(jsonataMap({ ItemBatcher: { MaxInputBytesPerBatchPath: '$.n' } }))).toEqual([
      `SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'MaxInputBytesPerBatchPath' is only supported for the 'JSONPath' QueryLanguage${at('ItemBatcher')}`,
    ]);
  });
});
