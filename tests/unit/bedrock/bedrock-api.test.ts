import { ConverseCommand, ConverseStreamCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { ACCEPTED_MODEL_IDS, DEFAULT_MODEL_ID } from '../../../local/bedrock/model-ids';
import { countTokens } from '../../../local/bedrock/model/tokens';
import { failure, sentimentBody, startBedrockEdge, type BedrockEdge } from './bedrock-edge';

const invoke = (edge: BedrockEdge, body: unknown, modelId = DEFAULT_MODEL_ID) =>
  edge.bedrock.send(new InvokeModelCommand({ modelId, body: typeof body === 'string' ? body : JSON.stringify(body), contentType: 'application/json', accept: 'application/json' }));
const responseOf = (output: { body: Uint8Array }) => JSON.parse(Buffer.from(output.body).toString('utf8')) as Record<string, unknown> & { content: { text: string }[] };

describe('Bedrock Runtime on the edge (through @aws-sdk/client-bedrock-runtime)', () => {
  let edge: BedrockEdge;

  beforeAll(async () => {
    edge = await startBedrockEdge();
  });

  afterAll(async () => {
    await edge.close();
  });

  beforeEach(async () => {
    await fetch(`${edge.url}/_runtime/bedrock/faults`, { method: 'DELETE' });
  });

  it('answers InvokeModel with the exact Anthropic Messages response, the JSON the prompt asks for as its text', async () => {
    // Act
    const output = await invoke(edge, sentimentBody('The battery died after two days and the support line was rude.'));

    // Assess
    const response = responseOf(output);
    expect(output.contentType).toBe('application/json');
    expect(Object.keys(response)).toEqual(['id', 'type', 'role', 'model', 'content', 'stop_reason', 'stop_sequence', 'usage']);
    expect(response).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001', stop_reason: 'end_turn', stop_sequence: null });
    expect(response.id).toMatch(/^msg_bdrk_[A-Za-z0-9]{24}$/);
    const answer = JSON.parse(response.content[0]?.text ?? '') as { sentiment: string; confidence: number; topics: string[] };
    expect(answer).toEqual({ sentiment: 'negative', confidence: expect.any(Number), topics: expect.arrayContaining(['battery']) });
    expect(answer.confidence).toBeGreaterThanOrEqual(0.7);
    expect(answer.confidence).toBeLessThanOrEqual(1);
  });

  it('counts tokens for usage: the answer at 3.5 characters a token, the prompt with 4 tokens of framing per message', async () => {
    // Prepare
    const body = sentimentBody('Lovely little cafe.');
    const system = body.system as string;
    const prompt = (body.messages as { content: { text: string }[] }[])[0]?.content[0]?.text ?? '';

    // Act
    const response = responseOf(await invoke(edge, body));

    // Assess
    expect(response.usage).toEqual({ input_tokens: countTokens(system) + 4 + countTokens(prompt), output_tokens: countTokens(response.content[0]?.text ?? '') });
    expect(countTokens('abcdefg')).toBe(2);
  });

  it('cuts the answer at max_tokens with stop_reason max_tokens', async () => {
    // Act
    const response = responseOf(await invoke(edge, sentimentBody('Great phone.', { max_tokens: 3 })));

    // Assess
    expect(response.stop_reason).toBe('max_tokens');
    // 3 tokens of 3.5 characters: the first 10 characters of the answer.
    expect(response.content[0]?.text).toBe('{"sentimen');
    expect(response.usage).toMatchObject({ output_tokens: 3 });
  });

  it('answers the same request with the same response, whatever the temperature', async () => {
    // Act
    const first = responseOf(await invoke(edge, sentimentBody('Not bad at all, but the case feels flimsy.', { temperature: 1 })));
    const second = responseOf(await invoke(edge, sentimentBody('Not bad at all, but the case feels flimsy.', { temperature: 1 })));

    // Assess
    expect(second).toEqual(first);
  });

  it('answers Converse in its shape', async () => {
    // Act
    const output = await edge.bedrock.send(
      new ConverseCommand({
        modelId: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
        system: [{ text: 'Answer with JSON only.' }],
        messages: [{ role: 'user', content: [{ text: 'Classify: <review>Great food and lovely staff!</review>' }] }],
        inferenceConfig: { maxTokens: 100, temperature: 0 },
      }),
    );

    // Assess
    expect(output.output?.message?.role).toBe('assistant');
    expect(JSON.parse(output.output?.message?.content?.[0]?.text ?? '')).toEqual({ sentiment: 'positive', confidence: expect.any(Number), topics: ['food', 'staff'] });
    expect(output.stopReason).toBe('end_turn');
    const usage = output.usage!;
    expect(usage.totalTokens).toBe((usage.inputTokens ?? 0) + (usage.outputTokens ?? 0));
    expect(usage.inputTokens).toBe(countTokens('Answer with JSON only.') + 4 + countTokens('Classify: <review>Great food and lovely staff!</review>'));
    expect(output.metrics?.latencyMs).toEqual(expect.any(Number));
  });

  it('accepts every listed model id, and the ARNs of foundation models and inference profiles', async () => {
    // Prepare
    const ids = [
      ...ACCEPTED_MODEL_IDS,
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0',
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0',
    ];

    // Act
    const models = await Promise.all(ids.map(async (modelId) => responseOf(await invoke(edge, sentimentBody('Fine.'), modelId)).model));

    // Assess
    expect(ACCEPTED_MODEL_IDS).toContain(DEFAULT_MODEL_ID);
    expect(ACCEPTED_MODEL_IDS).toContain('global.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(models.every((model) => typeof model === 'string' && model.startsWith('claude-'))).toBe(true);
    expect(models.at(-2)).toBe('claude-3-5-haiku-20241022');
    expect(models.at(-1)).toBe('claude-haiku-4-5-20251001');
  });

  it.each([
    ['an unknown model', 'anthropic.claude-v9', 'ResourceNotFoundException', 404, 'Could not resolve the foundation model from the provided model identifier.'],
    ['an unknown profile', 'us.meta.llama-9', 'ResourceNotFoundException', 404, 'Could not resolve the foundation model from the provided model identifier.'],
    [
      'a profile-only model by its bare id',
      'anthropic.claude-haiku-4-5-20251001-v1:0',
      'ValidationException',
      400,
      'Invocation of model ID anthropic.claude-haiku-4-5-20251001-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.',
    ],
  ])('refuses %s as Bedrock does', async (_label, modelId, name, status, message) => {
    // Act
    const error = await failure(invoke(edge, sentimentBody('Fine.'), modelId));

    // Assess
    expect({ name: error.name, status: error.$metadata.httpStatusCode, message: error.message }).toEqual({ name, status, message });
  });

  it.each([
    ['a legacy text-completion body', { prompt: '\n\nHuman: Classify this\n\nAssistant:', max_tokens_to_sample: 200 }, '"claude-haiku-4-5-20251001" is not supported on this API. Please use the Messages API instead.'],
    ['a body without max_tokens', { anthropic_version: 'bedrock-2023-05-31', messages: [{ role: 'user', content: 'hi' }] }, 'Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.'],
    ['a body with an unknown key', { ...sentimentBody('x'), stream: true }, 'Malformed input request: #: extraneous key [stream] is not permitted, please reformat your input and try again.'],
    ['a conversation opened by the assistant', sentimentBody('x', { messages: [{ role: 'assistant', content: 'hi' }] }), 'messages: first message must use the "user" role'],
    ['a message whose content is a number', sentimentBody('x', { messages: [{ role: 'user', content: 5 }] }), 'Malformed input request: #/messages/0/content: expected type: JSONArray, found: number, please reformat your input and try again.'],
    ['an image block (the local model reads text only)', sentimentBody('x', { messages: [{ role: 'user', content: [{ type: 'image', source: {} }] }] }), 'messages.0.content.0.type: only "text" content blocks are supported by the local model'],
    ['a body that is not JSON', 'not json', expect.stringMatching(/^Malformed input request: the body is not valid JSON/)],
  ])('refuses %s with ValidationException', async (_label, body, message) => {
    // Act
    const error = await failure(invoke(edge, body));

    // Assess
    expect({ name: error.name, status: error.$metadata.httpStatusCode, message: error.message }).toEqual({ name: 'ValidationException', status: 400, message });
  });

  it('refuses a prompt past the 200,000-token context window', async () => {
    // Act
    const error = await failure(invoke(edge, sentimentBody('word '.repeat(150_000))));

    // Assess
    expect({ name: error.name, status: error.$metadata.httpStatusCode, message: error.message }).toEqual({ name: 'ValidationException', status: 400, message: 'Input is too long for requested model.' });
  });

  it('refuses the operations it does not serve with a clear 404', async () => {
    // Act
    const error = await failure(edge.bedrock.send(new ConverseStreamCommand({ modelId: DEFAULT_MODEL_ID, messages: [{ role: 'user', content: [{ text: 'hi' }] }] })));

    // Assess
    expect({ name: error.name, status: error.$metadata.httpStatusCode }).toEqual({ name: 'UnknownOperationException', status: 404 });
    expect(error.message).toBe('POST /model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse-stream is not served by the local Bedrock; it serves InvokeModel and Converse.');
  });

  it('refuses a blank Converse text block with Bedrock\'s message', async () => {
    // Act
    const error = await failure(edge.bedrock.send(new ConverseCommand({ modelId: DEFAULT_MODEL_ID, messages: [{ role: 'user', content: [{ text: ' ' }] }] })));

    // Assess
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe('The text field in the ContentBlock object at messages.0.content.0 is blank. Add text to the text field, and try again.');
  });
});
