import { createTaskIntegrations, type RuntimeTaskIntegrations } from '../../../local/integrations';
import { DEFAULT_MODEL_ID } from '../../../local/bedrock/model-ids';
import { analyseReview } from '../../../local/bedrock/model/local-model';
import { AwsError } from '../../../local/platform/aws-error';
import { startBedrockEdge, type BedrockEdge } from '../bedrock/bedrock-edge';
import { failure, taskRequest } from './task-request';

const INVOKE_MODEL = 'arn:aws:states:::bedrock:invokeModel';
const body = (text: string) => ({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: `<review>${text}</review>` }] });

describe('the optimized Bedrock integration against the local Bedrock', () => {
  let edge: BedrockEdge;
  let integrations: RuntimeTaskIntegrations;

  beforeAll(async () => {
    edge = await startBedrockEdge();
    const refuse = async () => {
      throw new AwsError('ResourceNotFoundException', 'not under test', 404);
    };
    integrations = createTaskIntegrations({ lambda: { invoke: refuse }, endpoint: edge.url, region: 'us-east-1' });
  });

  afterAll(async () => {
    integrations.close();
    await edge.close();
  });

  it.each([
    ['a JSON object', body('Superb blender.')],
    ['JSON text', JSON.stringify(body('Superb blender.'))],
  ])('sends Body given as %s and returns {"Body": <the parsed response>} only', async (_label, given) => {
    // Act
    const result = (await integrations.invoke(taskRequest(INVOKE_MODEL, { ModelId: DEFAULT_MODEL_ID, Body: given, ContentType: 'application/json', Accept: 'application/json' }))) as {
      Body: { content: { text: string }[]; model: string };
    };

    // Assess
    expect(Object.keys(result)).toEqual(['Body']);
    expect(result.Body.model).toBe('claude-haiku-4-5-20251001');
    expect(JSON.parse(result.Body.content[0]?.text ?? '')).toEqual(analyseReview('Superb blender.'));
  });

  it.each([
    ['no ModelId', { Body: body('x') }, 'bedrock:invokeModel needs a ModelId (a model id, inference profile id or ARN).'],
    ['no Body', { ModelId: DEFAULT_MODEL_ID }, "bedrock:invokeModel needs a Body (the model's JSON input)."],
    ['Input from S3', { ModelId: DEFAULT_MODEL_ID, Input: { S3Uri: 's3://bucket/in.json' } }, 'bedrock:invokeModel with Input or Output S3 URIs is not supported by the local runtime; pass Body.'],
    ['a Body over 256 KiB', { ModelId: DEFAULT_MODEL_ID, Body: body('x'.repeat(262_144)) }, 'bedrock:invokeModel Body is over 262144 bytes.'],
  ])('fails a task with %s as States.Runtime, naming what is missing', async (_label, parameters, cause) => {
    // Act
    const error = await failure(integrations.invoke(taskRequest(INVOKE_MODEL, parameters)));

    // Assess
    expect({ error: error.error, cause: error.cause }).toEqual({ error: 'States.Runtime', cause });
  });

  it('names Bedrock\'s ValidationException Bedrock.ValidationException, with the Java-style cause', async () => {
    // Act
    const error = await failure(integrations.invoke(taskRequest(INVOKE_MODEL, { ModelId: DEFAULT_MODEL_ID, Body: { prompt: 'Human: hi', max_tokens_to_sample: 5 } })));

    // Assess
    expect(error.error).toBe('Bedrock.ValidationException');
    expect(error.cause).toMatch(
      /^"claude-haiku-4-5-20251001" is not supported on this API\. Please use the Messages API instead\. \(Service: AmazonBedrockRuntime; Status Code: 400; Error Code: ValidationException; Request ID: [^;]+; Proxy: null\)$/,
    );
  });
});
