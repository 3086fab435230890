import { InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { DEFAULT_MODEL_ID } from '../../../local/bedrock/model-ids';
import { failure, sentimentBody, startBedrockEdge, type BedrockEdge } from './bedrock-edge';

const REVIEWS = Array.from({ length: 200 }, (_, index) => `Review ${index}: the blender works well and the jug is sturdy.`);

async function setFaults(edge: BedrockEdge, settings: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${edge.url}/_runtime/bedrock/faults`, { method: 'POST', body: JSON.stringify(settings) });
  return { status: response.status, body: await response.json() };
}

/** Sends every review once and says, per review, what came back: the answer text or the error's name. */
async function outcomes(edge: BedrockEdge): Promise<string[]> {
  return Promise.all(
    REVIEWS.map(async (review) => {
      try {
        const output = await edge.bedrock.send(new InvokeModelCommand({ modelId: DEFAULT_MODEL_ID, body: JSON.stringify(sentimentBody(review)) }));
        return (JSON.parse(Buffer.from(output.body).toString('utf8')) as { content: { text: string }[] }).content[0]?.text ?? '';
      } catch (error) {
        return (error as Error).name;
      }
    }),
  );
}

/** Is this the JSON the prompt asked for, with values in range? */
function wellFormed(text: string): boolean {
  try {
    const answer = JSON.parse(text) as { sentiment?: unknown; confidence?: unknown; topics?: unknown };
    return ['positive', 'negative', 'neutral'].includes(answer.sentiment as string) && typeof answer.confidence === 'number' && answer.confidence >= 0 && answer.confidence <= 1 && Array.isArray(answer.topics);
  } catch {
    return false;
  }
}

describe('Bedrock faults for tests (/_runtime/bedrock/faults)', () => {
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

  it('answers every call well formed when no faults are set', async () => {
    // Act
    const results = await outcomes(edge);

    // Assess
    expect(results.filter(wellFormed)).toHaveLength(REVIEWS.length);
  });

  it('throttles about the configured share of calls with ThrottlingException (429, Bedrock\'s message)', async () => {
    // Prepare
    await setFaults(edge, { throttleShare: 0.25, seed: 7 });

    // Act
    const results = await outcomes(edge);
    const error = await failure(
      (async () => {
        for (const review of REVIEWS) await edge.bedrock.send(new InvokeModelCommand({ modelId: DEFAULT_MODEL_ID, body: JSON.stringify(sentimentBody(`${review} again`)) }));
      })(),
    );

    // Assess
    const throttled = results.filter((result) => result === 'ThrottlingException').length;
    expect(throttled).toBeGreaterThan(REVIEWS.length * 0.15);
    expect(throttled).toBeLessThan(REVIEWS.length * 0.35);
    expect(results.filter(wellFormed)).toHaveLength(REVIEWS.length - throttled);
    expect({ name: error.name, status: error.$metadata.httpStatusCode, message: error.message }).toEqual({
      name: 'ThrottlingException',
      status: 429,
      message: 'Too many requests, please wait before trying again.',
    });
  });

  it('lets a retry of a throttled call through eventually, as a Retry policy expects', async () => {
    // Prepare
    await setFaults(edge, { throttleShare: 0.5, seed: 3 });
    const send = () => edge.bedrock.send(new InvokeModelCommand({ modelId: DEFAULT_MODEL_ID, body: JSON.stringify(sentimentBody('Works fine.')) }));

    // Act
    let attempts = 0;
    let answered = false;
    while (!answered && attempts < 30) {
      attempts += 1;
      answered = await send().then(() => true, () => false);
    }

    // Assess
    expect(answered).toBe(true);
  });

  it('makes about the configured share of answers malformed, the same ones for the same seed', async () => {
    // Prepare
    await setFaults(edge, { malformedShare: 0.3, seed: 11 });

    // Act
    const first = await outcomes(edge);
    await setFaults(edge, { malformedShare: 0.3, seed: 11 });
    const second = await outcomes(edge);
    await setFaults(edge, { malformedShare: 0.3, seed: 12 });
    const otherSeed = await outcomes(edge);

    // Assess
    const malformed = first.filter((text) => !wellFormed(text));
    expect(malformed.length).toBeGreaterThan(REVIEWS.length * 0.2);
    expect(malformed.length).toBeLessThan(REVIEWS.length * 0.4);
    expect(second).toEqual(first);
    expect(otherSeed).not.toEqual(first);
    // Every kind a real model produces shows up: prose, a fenced block, an out-of-range confidence, an unknown label, a cut.
    expect(malformed.some((text) => text.startsWith('Based on the review'))).toBe(true);
    expect(malformed.some((text) => text.startsWith('```json'))).toBe(true);
    expect(malformed.some((text) => text.includes('"confidence":1.7'))).toBe(true);
    expect(malformed.some((text) => text.includes('"sentiment":"mixed"'))).toBe(true);
  });

  it('reads, sets and clears the settings, and refuses bad ones with a clear 400', async () => {
    // Act
    const set = await setFaults(edge, { malformedShare: 0.1, seed: 5 });
    const read = await (await fetch(`${edge.url}/_runtime/bedrock/faults`)).json();
    const bad = await setFaults(edge, { throttleShare: 2 });
    const unknown = await setFaults(edge, { latency: 5 });
    const cleared = await (await fetch(`${edge.url}/_runtime/bedrock/faults`, { method: 'DELETE' })).json();

    // Assess
    expect(set).toEqual({ status: 200, body: { malformedShare: 0.1, throttleShare: 0, seed: 5 } });
    expect(read).toEqual({ malformedShare: 0.1, throttleShare: 0, seed: 5 });
    expect(bad).toEqual({ status: 400, body: { message: 'throttleShare must be a number from 0 to 1, got 2.' } });
    expect(unknown).toEqual({ status: 400, body: { message: 'Unknown fault setting(s): latency; expected malformedShare, throttleShare, seed.' } });
    expect(cleared).toEqual({ malformedShare: 0, throttleShare: 0, seed: 0 });
  });
});
