/**
 * An edge with only Bedrock behind it and a `@aws-sdk/client-bedrock-runtime` client pointed at it, at its defaults:
 * it speaks cleartext HTTP/2 to the edge (local/edge/http-listener.ts).
 */
import { BedrockRuntimeClient, BedrockRuntimeServiceException } from '@aws-sdk/client-bedrock-runtime';
import { createBedrockModule, type BedrockModule } from '../../../local/bedrock/module';
import { systemClock } from '../../../local/platform/clock';
import { startPlatform, type Platform } from '../../../local/platform/compose';

export interface BedrockEdge {
  readonly platform: Platform;
  readonly url: string;
  readonly bedrock: BedrockRuntimeClient;
  readonly module: BedrockModule;
  close(): Promise<void>;
}

export async function startBedrockEdge(): Promise<BedrockEdge> {
  const module = createBedrockModule();
  const platform = await startPlatform({ services: [module], port: 0, region: 'us-east-1', accountId: '000000000000', clock: systemClock, log: () => undefined });
  const bedrock = new BedrockRuntimeClient({ endpoint: platform.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  return {
    platform,
    url: platform.url,
    bedrock,
    module,
    async close() {
      bedrock.destroy();
      await platform.close();
    },
  };
}

/** The error an SDK call rejects with. */
export async function failure(promise: Promise<unknown>): Promise<BedrockRuntimeServiceException> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof BedrockRuntimeServiceException)) throw new Error(`Expected a Bedrock error, got ${String(error)}`);
  return error;
}

/** The prompt the project's sentiment flow sends, with the review in `<review>` tags. */
export function sentimentBody(review: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    anthropic_version: 'bedrock-2023-05-31',
    max_tokens: 200,
    temperature: 0,
    system: 'You classify customer reviews. Answer with JSON only.',
    messages: [
      {
        role: 'user',
        content: [{ type: 'text', text: `Classify the review. Answer {"sentiment":"positive|negative|neutral","confidence":0..1,"topics":[...]}.\n<review>${review}</review>` }],
      },
    ],
    ...overrides,
  };
}
