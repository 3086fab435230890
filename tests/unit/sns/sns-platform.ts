/**
 * The services SNS delivers through (Lambda with the fixture functions, SQS, SES capture and its inbox), SNS itself and
 * Step Functions, started as runtime.ts starts them but without packaging serverless.yml; clients for each.
 */
import path from 'node:path';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createCloudWatchModule } from '../../../local/cloudwatch/module';
import { createInboxModule } from '../../../local/inbox/inbox-route';
import { createLambdaModule, type LambdaModule } from '../../../local/lambda/module';
import { systemClock } from '../../../local/platform/clock';
import { startPlatform, type Platform } from '../../../local/platform/compose';
import { createSesModule, type SesModule } from '../../../local/ses/ses-module';
import { createSnsModule, type SnsModule } from '../../../local/sns/module';
import { createSqsModule } from '../../../local/sqs/module';
import { createStepFunctionsModule } from '../../../local/stepfunctions/module';

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';
export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const FIXTURES = path.join(__dirname, '../../fixtures/lambda');

export interface SnsPlatform {
  readonly platform: Platform;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  readonly logs: string[];
  readonly snsModule: SnsModule;
  readonly mail: SesModule['sent'];
  /** Registers a fixture handler (`sns-subscribers.recordEvent`) as a function; returns its ARN. */
  registerFunction(name: string, handler: string): string;
  close(): Promise<void>;
}

export async function startSnsPlatform(): Promise<SnsPlatform> {
  const logs: string[] = [];
  const snsModule = createSnsModule();
  const ses = createSesModule();
  const lambda = createLambdaModule();
  const platform = await startPlatform({
    services: [lambda, createSqsModule(), ses, createInboxModule(), snsModule, createCloudWatchModule(), createStepFunctionsModule()],
    port: 0,
    region: REGION,
    accountId: ACCOUNT,
    clock: systemClock,
    log: (line) => logs.push(line),
  });
  const config = { endpoint: platform.url, region: REGION, credentials, maxAttempts: 1 };
  const sns = new SNSClient(config);
  const sqs = new SQSClient(config);
  return {
    platform,
    sns,
    sqs,
    logs,
    snsModule,
    mail: ses.sent,
    registerFunction(name, handler) {
      (lambda as LambdaModule).runtime.register({ name, handler, codeDir: FIXTURES, runtime: 'nodejs22.x', timeoutSeconds: 10, memorySize: 128, environment: {} });
      return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
    },
    async close() {
      sns.destroy();
      sqs.destroy();
      await platform.close();
    },
  };
}
