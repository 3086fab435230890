/**
 * Faults for tests, switched per run and never through the ASL: a share of answers in malformed text and a share of
 * calls throttled, as real models and a busy Bedrock produce them. Set through `POST /_runtime/bedrock/faults`
 * (fault-controls.ts) or `$LOCAL_BEDROCK_FAULTS` (the same JSON) at start.
 *
 * Deterministic given the seed, whatever order concurrent calls arrive in: whether an answer is malformed depends on
 * (seed, the prompt) alone, so one review is always malformed or always well formed; whether a call is throttled
 * depends on (seed, the request body, how many times in a row that same body was throttled), so the retry of a
 * throttled call draws again and a Retry policy gets through, as with a real throttle.
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../platform/aws-error';

export interface FaultSettings {
  /** Share of answers, in [0, 1], whose text is not the JSON asked for. */
  readonly malformedShare: number;
  /** Share of calls, in [0, 1], refused with ThrottlingException. */
  readonly throttleShare: number;
  /** Any integer; the same seed gives the same faults. */
  readonly seed: number;
}

export const NO_FAULTS: FaultSettings = { malformedShare: 0, throttleShare: 0, seed: 0 };

/** Bedrock's answer to a throttled call. https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html */
export function throttlingException(): AwsError {
  return new AwsError('ThrottlingException', 'Too many requests, please wait before trying again.', 429);
}

/** A number in [0, 1) drawn from the seed and the parts, the same every time. */
function draw(seed: number, ...parts: string[]): number {
  const digest = createHash('sha256').update(`${seed}\u0000${parts.join('\u0000')}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

/**
 * The malformed answers a model gives, in turn: prose instead of JSON, JSON in a Markdown fence, a confidence out of
 * range, a sentiment outside the three asked for, and JSON cut short.
 */
const MALFORMED_ANSWERS: readonly ((answer: string) => string)[] = [
  () => 'Based on the review, the customer seems to feel mostly positive about the product overall.',
  (answer) => `\`\`\`json\n${answer}\n\`\`\``,
  (answer) => answer.replace(/"confidence":[0-9.]+/, '"confidence":1.7'),
  (answer) => answer.replace(/"sentiment":"[a-z]+"/, '"sentiment":"mixed"'),
  (answer) => answer.slice(0, Math.max(1, Math.floor(answer.length / 2))),
];

export function validateFaultSettings(value: unknown): FaultSettings {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AwsError('ValidationException', 'Fault settings must be a JSON object {"malformedShare", "throttleShare", "seed"}.');
  }
  const given = value as Record<string, unknown>;
  const unknown = Object.keys(given).filter((key) => !['malformedShare', 'throttleShare', 'seed'].includes(key));
  if (unknown.length > 0) throw new AwsError('ValidationException', `Unknown fault setting(s): ${unknown.join(', ')}; expected malformedShare, throttleShare, seed.`);
  const share = (name: 'malformedShare' | 'throttleShare'): number => {
    const item = given[name] ?? 0;
    if (typeof item !== 'number' || !(item >= 0 && item <= 1)) throw new AwsError('ValidationException', `${name} must be a number from 0 to 1, got ${JSON.stringify(item)}.`);
    return item;
  };
  const seed = given.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw new AwsError('ValidationException', `seed must be an integer, got ${JSON.stringify(seed)}.`);
  return { malformedShare: share('malformedShare'), throttleShare: share('throttleShare'), seed };
}

/** The faults in force, and what they decided so far. */
export class Faults {
  private settings: FaultSettings = NO_FAULTS;
  private readonly sent = new Map<string, number>();

  get current(): FaultSettings {
    return this.settings;
  }

  /** New settings start a new run: counts of repeated bodies start again. */
  set(settings: FaultSettings): void {
    this.settings = settings;
    this.sent.clear();
  }

  /** Throws ThrottlingException for the calls the throttle share picks. */
  throttle(operation: string, body: string): void {
    if (this.settings.throttleShare === 0) return;
    const key = createHash('sha256').update(`${operation}\u0000${body}`).digest('hex');
    const attempt = (this.sent.get(key) ?? 0) + 1;
    if (draw(this.settings.seed, 'throttle', key, String(attempt)) < this.settings.throttleShare) {
      this.sent.set(key, attempt);
      throw throttlingException();
    }
    // Let through: forget the body, so memory holds only the calls being retried, however many reviews a run sends
    // (the same body sent again later starts from its first attempt, and so meets the same faults again).
    this.sent.delete(key);
  }

  /** The answer text, made malformed for the prompts the malformed share picks. */
  answer(review: string, wellFormed: string): string {
    if (this.settings.malformedShare === 0 || draw(this.settings.seed, 'malformed', review) >= this.settings.malformedShare) return wellFormed;
    const kind = Math.floor(draw(this.settings.seed, 'kind', review) * MALFORMED_ANSWERS.length);
    return (MALFORMED_ANSWERS[kind] ?? MALFORMED_ANSWERS[0]!)(wellFormed);
  }
}
