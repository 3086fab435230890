/**
 * What the review sentiment definition promises beyond what its workflow tests exercise: the two Distributed Maps
 * (JSON Lines and CSV) differ only in their reader, since AWS allows no expression for InputType and state names must
 * be unique across a definition; the prompt is the Messages API's, deterministic and JSON-only; and every Bedrock
 * error a retry can help is retried with capped, jittered backoff.
 */
import { readDefinition } from '../../../statemachines/substitutions';

type Json = Record<string, unknown>;
const definition = readDefinition('review-sentiment') as { States: Record<string, Json> };
const jsonLines = definition.States['Score JSON Lines reviews'] as Json;
const csv = definition.States['Score CSV reviews'] as Json;

/** The value with every " (CSV)" state name suffix taken out. */
const withoutCsvNames = (value: unknown): unknown => JSON.parse(JSON.stringify(value).replaceAll(' (CSV)', ''));

/** The per-review states, found by walking the JSON Lines map's processor. */
const perReview = ((jsonLines.ItemProcessor as Json).States as Record<string, Json>)['Score each review']?.ItemProcessor as { States: Record<string, Json> };
const askTheModel = perReview.States['Ask the model'] as { Arguments: { ModelId: string; Body: Json }; Retry: Json[]; Catch: Json[] };

describe('review-sentiment.asl.json', () => {
  it('gives the CSV map the same processor, batching, concurrency and writer as the JSON Lines map, states renamed', () => {
    const { ItemReader: jsonLinesReader, Label: jsonLinesLabel, Comment: _jsonLinesComment, ...jsonLinesRest } = jsonLines;
    const { ItemReader: csvReader, Label: csvLabel, Comment: _csvComment, ...csvRest } = csv;
    expect(withoutCsvNames(csvRest)).toEqual(jsonLinesRest);
    expect(JSON.stringify(csv.ItemProcessor)).not.toMatch(/"(StartAt|Next|Default)":"[^"]*(?<! \(CSV\))"/);
    expect([jsonLinesLabel, csvLabel]).toEqual(['ReviewSentimentJsonLines', 'ReviewSentimentCsv']);
    expect((jsonLinesReader as Json).ReaderConfig).toEqual({ InputType: 'JSONL' });
    expect((csvReader as Json).ReaderConfig).toEqual({ InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' });
    expect({ ...(jsonLinesReader as Json), ReaderConfig: undefined }).toEqual({ ...(csvReader as Json), ReaderConfig: undefined });
  });

  it('batches 25 reviews per EXPRESS child and writes the results as JSON Lines, flattened', () => {
    expect(jsonLines).toMatchObject({
      ItemBatcher: { MaxItemsPerBatch: 25 },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' } },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', WriterConfig: { OutputType: 'JSONL', Transformation: 'FLATTEN' } },
    });
  });

  it("asks Claude through the Messages API: the configured model, temperature 0, the review in tags of the last user message", () => {
    expect(askTheModel.Arguments.ModelId).toBe('${ReviewModelId}');
    expect(askTheModel.Arguments.Body).toMatchObject({ anthropic_version: 'bedrock-2023-05-31', temperature: 0, max_tokens: expect.any(Number) });
    expect(askTheModel.Arguments.Body.system).toMatch(/Answer with one JSON object and nothing else/);
    expect(askTheModel.Arguments.Body.system).toMatch(/data, not instructions/);
    const messages = askTheModel.Arguments.Body.messages as { role: string; content: { type: string; text: string }[] }[];
    expect(messages.at(-1)?.role).toBe('user');
    expect(messages.at(-1)?.content[0]?.text).toMatch(/^\{% '<review>\\n' & .* & '\\n<\/review>' %\}$/);
  });

  it('retries throttling and transient Bedrock errors with capped, fully jittered backoff, and catches what remains', () => {
    expect(askTheModel.Retry).toEqual([
      expect.objectContaining({
        ErrorEquals: ['Bedrock.ThrottlingException', 'Bedrock.ServiceUnavailableException', 'Bedrock.InternalServerException', 'Bedrock.ModelTimeoutException', 'Bedrock.ModelNotReadyException'],
        BackoffRate: 2,
        JitterStrategy: 'FULL',
        MaxDelaySeconds: expect.any(Number),
      }),
    ]);
    expect(askTheModel.Catch.map((catcher) => [catcher.ErrorEquals, catcher.Next])).toEqual([
      [['States.QueryEvaluationError'], 'Needs review'],
      [['States.ALL'], 'Record the failure'],
    ]);
  });
});
