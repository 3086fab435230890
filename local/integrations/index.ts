/**
 * The engine's TaskIntegrations for the offline runtime: each Task Resource goes to the Lambda runtime, to an SDK
 * client pointed at the edge, or to the Step Functions service for nested executions.
 * https://docs.aws.amazon.com/step-functions/latest/dg/integrate-services.html
 */
import type { TaskIntegrations, TaskRequest } from '../engine/ports';
import type { LambdaInvoker } from '../lambda/types';
import { invokeAwsSdk } from './aws-sdk';
import { invokeBedrock } from './bedrock';
import { invokeDynamoDb } from './dynamodb';
import { unsupportedResource } from './errors';
import { invokeLambdaFunction, invokeLambdaOptimized } from './lambda';
import { SdkClients } from './sdk-clients';
import { invokeSns } from './sns';
import { invokeSqs } from './sqs';
import { invokeStates, type StepFunctionsPort } from './states';
import { s3ObjectStorageOnFirstUse } from './map-run-storage';
import type { ObjectStorage } from '../engine/distributed/ports';

export type { StepFunctionsPort, ExecutionDescription } from './states';

export interface TaskIntegrationsOptions {
  readonly lambda: LambdaInvoker;
  /** The edge URL, for the SDK clients of the DynamoDB and aws-sdk integrations. */
  readonly endpoint: string;
  readonly region: string;
  /** Needed for `states:startExecution[.sync[:2]]`; without it those resources fail as unsupported. */
  readonly stepFunctions?: StepFunctionsPort;
}

export interface RuntimeTaskIntegrations extends TaskIntegrations {
  /** S3 for Distributed Map item readers and result writers, over the same edge-pointed clients. */
  readonly objectStorage: ObjectStorage;
  /** Closes the SDK clients' connections. */
  close(): void;
}

export function createTaskIntegrations(options: TaskIntegrationsOptions): RuntimeTaskIntegrations {
  const clients = new SdkClients({ endpoint: options.endpoint, region: options.region });
  return {
    async invoke(request: TaskRequest): Promise<unknown> {
      const { resource } = request;
      switch (resource.kind) {
        case 'lambda-function':
          return invokeLambdaFunction(options.lambda, request);
        case 'aws-sdk':
          return invokeAwsSdk(clients, request);
        case 'optimized':
          if (resource.service === 'lambda') return invokeLambdaOptimized(options.lambda, request);
          if (resource.service === 'dynamodb') return invokeDynamoDb(clients, request);
          if (resource.service === 'states') return invokeStates(options.stepFunctions, request);
          if (resource.service === 'sqs') return invokeSqs(clients, request);
          if (resource.service === 'sns') return invokeSns(clients, request);
          if (resource.service === 'bedrock') return invokeBedrock(clients, request);
          throw unsupportedResource(resource);
        default:
          throw unsupportedResource(resource);
      }
    },
    objectStorage: s3ObjectStorageOnFirstUse(() => clients.s3()),
    close: () => clients.destroy(),
  };
}
