/**
 * The model ids the local Bedrock answers: Anthropic Claude models, by foundation-model id, by cross-region
 * inference profile id (`us.`, `eu.`, `apac.`, `global.` before the model id) or by either's ARN. Each maps to the
 * name Anthropic's Messages API reports in a response's `model` field. Any other id is unknown, as it is to
 * Bedrock in a region where the model does not exist.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html
 */
import { AwsError } from '../platform/aws-error';

interface ClaudeModel {
  /** The name in Anthropic's responses. */
  readonly name: string;
  /**
   * Recent Claude models can be invoked only through an inference profile: Bedrock refuses their bare
   * foundation-model id for on-demand calls with a ValidationException.
   */
  readonly profileOnly: boolean;
}

/** Foundation-model id → what the model is. */
const CLAUDE_MODELS: Readonly<Record<string, ClaudeModel>> = {
  'anthropic.claude-haiku-4-5-20251001-v1:0': { name: 'claude-haiku-4-5-20251001', profileOnly: true },
  'anthropic.claude-sonnet-4-5-20250929-v1:0': { name: 'claude-sonnet-4-5-20250929', profileOnly: true },
  'anthropic.claude-opus-4-5-20251101-v1:0': { name: 'claude-opus-4-5-20251101', profileOnly: true },
  'anthropic.claude-opus-4-1-20250805-v1:0': { name: 'claude-opus-4-1-20250805', profileOnly: true },
  'anthropic.claude-sonnet-4-20250514-v1:0': { name: 'claude-sonnet-4-20250514', profileOnly: true },
  'anthropic.claude-3-5-haiku-20241022-v1:0': { name: 'claude-3-5-haiku-20241022', profileOnly: false },
  'anthropic.claude-3-haiku-20240307-v1:0': { name: 'claude-3-haiku-20240307', profileOnly: false },
};

/** The geographies of cross-region inference profiles. */
const PROFILE_PREFIXES = ['us', 'eu', 'apac', 'global'];

/**
 * The model the project's configuration uses by default: Claude Haiku 4.5 through the US cross-region inference
 * profile, the cheapest current Claude and ample for a short classification.
 */
export const DEFAULT_MODEL_ID = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';

/** Every id the local Bedrock accepts in a request (ARN forms aside). */
export const ACCEPTED_MODEL_IDS: readonly string[] = [
  ...Object.entries(CLAUDE_MODELS).filter(([, model]) => !model.profileOnly).map(([id]) => id),
  ...Object.keys(CLAUDE_MODELS).flatMap((id) => PROFILE_PREFIXES.map((prefix) => `${prefix}.${id}`)),
];

export interface ResolvedModel {
  /** The id as the request gave it (or the last part of its ARN). */
  readonly modelId: string;
  /** The name the response reports, e.g. `claude-haiku-4-5-20251001`. */
  readonly name: string;
}

/**
 * The model a request names, from a model id, an inference profile id or the ARN of either
 * (`arn:aws:bedrock:us-east-1::foundation-model/…`, `arn:aws:bedrock:us-east-1:123456789012:inference-profile/…`).
 * Throws Bedrock's own errors for unknown and profile-only ids.
 */
export function resolveModel(requested: string): ResolvedModel {
  const arn = /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)\/(.+)$/.exec(requested);
  const modelId = arn?.[1] ?? requested;
  const dot = modelId.indexOf('.');
  const prefix = modelId.slice(0, dot);
  const viaProfile = PROFILE_PREFIXES.includes(prefix);
  const foundationId = viaProfile ? modelId.slice(dot + 1) : modelId;
  const model = CLAUDE_MODELS[foundationId];
  if (model === undefined) {
    throw new AwsError('ResourceNotFoundException', 'Could not resolve the foundation model from the provided model identifier.', 404);
  }
  if (model.profileOnly && !viaProfile) {
    throw new AwsError(
      'ValidationException',
      `Invocation of model ID ${foundationId} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
    );
  }
  return { modelId, name: model.name };
}
