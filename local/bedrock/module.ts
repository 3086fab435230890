/**
 * Bedrock Runtime behind the edge, answered by a deterministic local model: InvokeModel
 * (`POST /model/{modelId}/invoke`, the Anthropic Messages body) and Converse (`POST /model/{modelId}/converse`), in
 * the REST-JSON shapes `@aws-sdk/client-bedrock-runtime` sends and reads, with Bedrock's errors. Claimed by path
 * (unambiguous on the edge); other requests signed with the SDK's scope `bedrock` get a clear UnknownOperationException.
 *
 * The module only wires: model-ids.ts (which models exist), messages-api.ts and converse-api.ts (the two request and
 * response shapes), model/ (the local model), faults.ts and fault-controls.ts (malformed answers and throttling for
 * tests, at `/_runtime/bedrock/faults` or `$LOCAL_BEDROCK_FAULTS`).
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, send } from '../edge/http-io';
import { asAwsError, AwsError } from '../platform/aws-error';
import { sendRestJsonError } from '../platform/protocols/rest-json';
import { parseJsonSafely } from '../platform/safe-json';
import type { EmulatedService } from '../platform/service';
import { converseResponse, parseConverseRequest } from './converse-api';
import { BEDROCK_FAULTS_PATH, faultsFromEnvironment, serveFaultControls } from './fault-controls';
import { Faults } from './faults';
import { messageId, messagesResponse, parseMessagesBody } from './messages-api';
import { analyseReview, complete, PromptTooLongError, type Completion, type Prompt } from './model/local-model';
import { resolveModel } from './model-ids';

export const BEDROCK = 'bedrock';

/** InvokeModel's and Converse's paths; the model id is URL-encoded (`:` as `%3A`). */
const MODEL_PATH = /^\/model\/([^/]+)\/(invoke|converse)$/;

/** InvokeModel takes bodies up to 25,000,000 bytes. https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html */
const MAX_REQUEST_BYTES = 25_000_000;

export interface BedrockModule extends EmulatedService {
  /** The faults in force, for code in the same process (tests). */
  readonly faults: Faults;
}

export interface BedrockModuleOptions {
  /** Faults at start; default `$LOCAL_BEDROCK_FAULTS`. */
  readonly faults?: Faults;
}

export function createBedrockModule(options: BedrockModuleOptions = {}): BedrockModule {
  const faults = options.faults ?? new Faults();
  return {
    name: BEDROCK,
    faults,
    routes: [
      { match: { path: MODEL_PATH }, handle: (req, res, url) => serveModelCall(req, res, url, faults) },
      { match: { path: BEDROCK_FAULTS_PATH }, handle: (req, res) => serveFaultControls(req, res, faults) },
      // Anything else signed for Bedrock (streaming calls, guardrails, the control plane): a clear refusal, not the
      // edge's generic 404.
      {
        match: { scope: BEDROCK },
        handle: (req, res, url) => {
          req.resume();
          sendRestJsonError(
            res,
            new AwsError('UnknownOperationException', `${req.method ?? 'This method'} ${url.pathname} is not served by the local Bedrock; it serves InvokeModel and Converse.`, 404),
          );
        },
      },
    ],
    start() {
      if (options.faults === undefined) faults.set(faultsFromEnvironment());
    },
  };
}

async function serveModelCall(req: IncomingMessage, res: ServerResponse, url: URL, faults: Faults): Promise<void> {
  // Latency is a measurement of this process's work, so it is timed on the monotonic clock, not the runtime's
  // (which tests may speed up).
  const started = performance.now();
  try {
    const [, encodedId = '', operation = ''] = MODEL_PATH.exec(url.pathname) ?? [];
    if (req.method !== 'POST') {
      req.resume();
      throw new AwsError('UnknownOperationException', `${req.method ?? 'This method'} ${url.pathname} is not a Bedrock Runtime operation`, 404);
    }
    let requested: string;
    try {
      requested = decodeURIComponent(encodedId);
    } catch {
      req.resume();
      throw new AwsError('ValidationException', 'The provided model identifier is invalid.');
    }
    const text = await readRequestText(req);
    const model = resolveModel(requested);
    faults.throttle(`${model.modelId}/${operation}`, text);
    const body = parseBody(text);
    const prompt: Prompt = operation === 'invoke' ? parseMessagesBody(body, model.name) : parseConverseRequest(body);
    const completion = completeOrRefuse(prompt, faults);
    const latencyMs = Math.round(performance.now() - started);
    if (operation === 'invoke') {
      send(res, 200, JSON.stringify(messagesResponse(completion, model.name, messageId(`${model.modelId}\u0000${text}`))), {
        'Content-Type': 'application/json',
        'X-Amzn-Bedrock-Input-Token-Count': String(completion.inputTokens),
        'X-Amzn-Bedrock-Output-Token-Count': String(completion.outputTokens),
        'X-Amzn-Bedrock-Invocation-Latency': String(latencyMs),
      });
    } else {
      send(res, 200, JSON.stringify(converseResponse(completion, latencyMs)), { 'Content-Type': 'application/json' });
    }
  } catch (error) {
    sendRestJsonError(res, asAwsError(error, 'InternalServerException'));
  }
}

/** The model's answer, with the faults in force; a prompt past the context window is Bedrock's ValidationException. */
function completeOrRefuse(prompt: Prompt, faults: Faults): Completion {
  try {
    return complete(prompt, (review) => faults.answer(review, JSON.stringify(analyseReview(review))));
  } catch (error) {
    if (error instanceof PromptTooLongError) throw new AwsError('ValidationException', 'Input is too long for requested model.');
    throw error;
  }
}

async function readRequestText(req: IncomingMessage): Promise<string> {
  try {
    return (await readBody(req, MAX_REQUEST_BYTES)).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new AwsError('ValidationException', `Input is too long for requested model: the body is over ${MAX_REQUEST_BYTES} bytes.`);
    throw error;
  }
}

function parseBody(text: string): Record<string, unknown> {
  const parsed = parseJsonSafely(text);
  if (!parsed.ok) throw new AwsError('ValidationException', `Malformed input request: the body is not valid JSON (${parsed.reason}), please reformat your input and try again.`);
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AwsError('ValidationException', 'Malformed input request: #: expected type: JSONObject, please reformat your input and try again.');
  }
  return value as Record<string, unknown>;
}
