/**
 * The engine's fidelity, measured on the shared corpus of ASL definitions whose outcomes were recorded on real AWS
 * (../shared/conformance/sfn, or $SFN_CONFORMANCE_DIR). The corpus is read in place, never copied into the project;
 * in a clone without it this one suite says so and is skipped, except under CI, where a missing corpus fails the run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createEmbeddedDynamoDb } from '../../local/dynamodb/embedded-dynamodb';
import { dynamoDbRoutes } from '../../local/dynamodb/module';
import { lambdaRoutes } from '../../local/lambda/invoke-route';
import { stepFunctionsRoutes } from '../../local/stepfunctions/module';
import { startEdgeServer, type EdgeServer } from '../../local/edge/server';
import { createLambdaRuntime } from '../../local/lambda/runtime';
import { createStepFunctionsService } from '../../local/stepfunctions/service';
import { describeWithCorpus, sharedCorpus } from '../support/shared-corpus';

const CORPUS_ENV = 'SFN_CONFORMANCE_DIR';
const corpus = sharedCorpus('sfn', CORPUS_ENV);
const runner = corpus.runner;

/**
 * Cases still failing, with the reason. Empty: every recorded outcome (status, output, error and cause) matches.
 * A case that starts failing fails this suite; one listed here that passes again must be removed from the list.
 */
const KNOWN_FAILURES: Record<string, string> = {};

describeWithCorpus('Step Functions conformance corpus (recorded on AWS)', corpus, CORPUS_ENV, () => {
  let edge: EdgeServer;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const stepFunctions = createStepFunctionsService();
    const lambda = createLambdaRuntime({ region: 'us-east-1', accountId: '000000000000' });
    const dynamodb = createEmbeddedDynamoDb();
    edge = await startEdgeServer({
      port: 0,
      services: [
        { name: 'stepfunctions', routes: stepFunctionsRoutes(stepFunctions.handler) },
        { name: 'dynamodb', routes: dynamoDbRoutes(() => dynamodb) },
        { name: 'lambda', routes: lambdaRoutes(lambda) },
      ],
    });
    close = async () => {
      await stepFunctions.close();
      await edge.close();
      await lambda.close();
      await dynamodb.close();
    };
  });

  afterAll(() => close());

  it('matches every recorded outcome through the runtime endpoint', async () => {
    // Prepare: the corpus's own runner, unmodified, against our endpoint (AWS JSON 1.0 over HTTP).
    const run = promisify(execFile)(process.execPath, [runner, edge.url], {
      env: { ...process.env, SFN_CONCURRENCY: '16' },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));

    // Act
    const { stdout } = await run;

    // Assess: the summary line, then each failing case against the known list.
    const summary = /^(\d+) passed, (\d+) failed/m.exec(stdout);
    expect(summary).not.toBeNull();
    const failing = [...stdout.matchAll(/^FAIL (\S+): (.*)$/gm)].map(([, name = '', reason = '']) => ({ name, reason }));
    const unexpected = failing.filter(({ name }) => !(name in KNOWN_FAILURES));
    const fixed = Object.keys(KNOWN_FAILURES).filter((name) => !failing.some((failure) => failure.name === name));
    expect(unexpected).toEqual([]);
    expect(fixed).toEqual([]);
    const passed = Number(summary![1]);
    expect(passed / (passed + failing.length)).toBeGreaterThanOrEqual(0.9);
  }, 300_000);
});
