/**
 * Bedrock from ASL through the runtime: the optimized `bedrock:invokeModel` integration and
 * `aws-sdk:bedrockruntime:converse`, on tiny state machines of this test's own, with Step Functions, Lambda and
 * Bedrock composed as local/runtime.ts composes them (no serverless.yml deploy, so the suite starts in a second).
 */
import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, StartExecutionCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { createBedrockModule } from '../../../local/bedrock/module';
import { DEFAULT_MODEL_ID } from '../../../local/bedrock/model-ids';
import { analyseReview } from '../../../local/bedrock/model/local-model';
import { createCloudWatchModule } from '../../../local/cloudwatch/module';
import { createLambdaModule } from '../../../local/lambda/module';
import { acceleratedClock } from '../../../local/platform/clock';
import { startPlatform, type Platform } from '../../../local/platform/compose';
import { createStepFunctionsModule } from '../../../local/stepfunctions/module';

const ROLE = 'arn:aws:iam::000000000000:role/test';
const REVIEW = 'The kettle leaks and the lid broke in a week.';

const retryOnThrottling = [{ ErrorEquals: ['Bedrock.ThrottlingException'], IntervalSeconds: 1, MaxAttempts: 20, BackoffRate: 1 }];

function invokeModelDefinition(modelId: string): string {
  return JSON.stringify({
    StartAt: 'Ask the model',
    States: {
      'Ask the model': {
        Type: 'Task',
        Resource: 'arn:aws:states:::bedrock:invokeModel',
        Parameters: {
          ModelId: modelId,
          Body: {
            anthropic_version: 'bedrock-2023-05-31',
            max_tokens: 200,
            messages: [{ role: 'user', content: [{ type: 'text', 'text.$': "States.Format('Classify the review as JSON. <review>{}</review>', $.review)" }] }],
          },
        },
        ResultSelector: { 'answer.$': 'States.StringToJson($.Body.content[0].text)', 'stopReason.$': '$.Body.stop_reason', 'usage.$': '$.Body.usage' },
        Retry: retryOnThrottling,
        End: true,
      },
    },
  });
}

const converseDefinition = JSON.stringify({
  StartAt: 'Ask the model',
  States: {
    'Ask the model': {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:bedrockruntime:converse',
      Parameters: {
        ModelId: DEFAULT_MODEL_ID,
        System: [{ Text: 'Answer with JSON only.' }],
        Messages: [{ Role: 'user', Content: [{ 'Text.$': "States.Format('<review>{}</review>', $.review)" }] }],
        InferenceConfig: { MaxTokens: 200, Temperature: 0 },
      },
      ResultSelector: { 'answer.$': 'States.StringToJson($.Output.Message.Content[0].Text)', 'stopReason.$': '$.StopReason', 'usage.$': '$.Usage' },
      End: true,
    },
  },
});

describe('Bedrock from Step Functions on the runtime', () => {
  let platform: Platform;
  let sfn: SFNClient;
  let created = 0;

  beforeAll(async () => {
    platform = await startPlatform({
      services: [createLambdaModule(), createCloudWatchModule(), createBedrockModule(), createStepFunctionsModule()],
      port: 0,
      region: 'us-east-1',
      accountId: '000000000000',
      // Retry intervals of a second pass in milliseconds.
      clock: acceleratedClock(1000),
      log: () => undefined,
    });
    sfn = new SFNClient({ endpoint: platform.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  });

  afterAll(async () => {
    sfn.destroy();
    await platform.close();
  });

  beforeEach(async () => {
    await fetch(`${platform.url}/_runtime/bedrock/faults`, { method: 'DELETE' });
  });

  async function run(definition: string, input: unknown): Promise<DescribeExecutionCommandOutput> {
    created += 1;
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: `bedrock-${created}`, definition, roleArn: ROLE }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
    const deadline = Date.now() + 15_000;
    for (;;) {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (execution.status !== 'RUNNING' || Date.now() > deadline) return execution;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('bedrock:invokeModel returns {"Body": <the Messages response, parsed>}', async () => {
    // Act
    const execution = await run(invokeModelDefinition(DEFAULT_MODEL_ID), { review: REVIEW });

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? '')).toEqual({
      answer: analyseReview(REVIEW),
      stopReason: 'end_turn',
      usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
    });
  });

  it('bedrock:invokeModel fails with Bedrock.ResourceNotFoundException for an unknown model', async () => {
    // Act
    const execution = await run(invokeModelDefinition('anthropic.claude-v9'), { review: REVIEW });

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Bedrock.ResourceNotFoundException');
    expect(execution.cause).toMatch(
      /^Could not resolve the foundation model from the provided model identifier\. \(Service: AmazonBedrockRuntime; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: [^;]+; Proxy: null\)$/,
    );
  });

  it('retries Bedrock.ThrottlingException and succeeds, the failed attempts in the history', async () => {
    // Prepare
    await fetch(`${platform.url}/_runtime/bedrock/faults`, { method: 'POST', body: JSON.stringify({ throttleShare: 0.6, seed: 2 }) });

    // Act
    const execution = await run(invokeModelDefinition(DEFAULT_MODEL_ID), { review: REVIEW });
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: execution.executionArn }));

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const failures = events.filter((event) => event.type === 'TaskFailed');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((event) => event.taskFailedEventDetails?.error === 'Bedrock.ThrottlingException')).toBe(true);
    expect(events.filter((event) => event.type === 'TaskScheduled')).toHaveLength(failures.length + 1);
  });

  it('aws-sdk:bedrockruntime:converse answers in PascalCase: Output.Message.Content[0].Text, StopReason, Usage', async () => {
    // Act
    const execution = await run(converseDefinition, { review: REVIEW });

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const output = JSON.parse(execution.output ?? '') as { answer: unknown; stopReason: string; usage: Record<string, number> };
    expect(output.answer).toEqual(analyseReview(REVIEW));
    expect(output.stopReason).toBe('end_turn');
    expect(Object.keys(output.usage).sort()).toEqual(['InputTokens', 'OutputTokens', 'TotalTokens']);
    expect(output.usage.TotalTokens).toBe((output.usage.InputTokens ?? 0) + (output.usage.OutputTokens ?? 0));
  });

  it('aws-sdk:bedrockruntime:converse fails with BedrockRuntime.ValidationException for a bad request', async () => {
    // Act
    const execution = await run(converseDefinition.replace('"MaxTokens":200', '"MaxTokens":0'), { review: REVIEW });

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('BedrockRuntime.ValidationException');
    expect(execution.cause).toMatch(/^1 validation error detected: Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint: .* \(Service: BedrockRuntime, Status Code: 400, Request ID: .+\)$/);
  });
});
