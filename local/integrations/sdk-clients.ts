/**
 * AWS SDK v3 clients pointed at the runtime's own edge, loaded only when a state machine first calls the service
 * (a Lambda-only workflow never pays for loading `@aws-sdk/client-s3`).
 */
import { StatesError } from '../engine/errors';

/** `aws-sdk:<service>` names whose SDK v3 package is not `@aws-sdk/client-<service>`. */
const PACKAGE_NAMES: Record<string, string> = {
  secretsmanager: 'secrets-manager',
  bedrockruntime: 'bedrock-runtime',
  cloudwatchlogs: 'cloudwatch-logs',
  eventbridge: 'eventbridge',
  apigateway: 'api-gateway',
};

/** A service client as SDK v3 shapes it: commands go through `send`. */
export interface SdkClient {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<Record<string, unknown>>;
  destroy(): void;
}

type CommandClass = new (input: unknown) => unknown;
type ClientClass = new (config: Record<string, unknown>) => SdkClient;

interface LoadedService {
  readonly client: SdkClient;
  readonly module: Record<string, unknown>;
}

export interface SdkClientsOptions {
  readonly endpoint: string;
  readonly region: string;
}

export class SdkClients {
  private readonly loaded = new Map<string, LoadedService>();

  constructor(private readonly options: SdkClientsOptions) {}

  /** The client and the Command class for `service:action` (`dynamodb`, `getItem` → DynamoDBClient, GetItemCommand). */
  command(service: string, action: string): { client: SdkClient; Command: CommandClass } | undefined {
    const loaded = this.load(service);
    const Command = loaded.module[`${action.charAt(0).toUpperCase()}${action.slice(1)}Command`];
    if (typeof Command !== 'function') return undefined;
    return { client: loaded.client, Command: Command as CommandClass };
  }

  /** The S3 client, for a Distributed Map's ItemReader and ResultWriter (map-run-storage.ts). */
  s3(): SdkClient {
    return this.load('s3').client;
  }

  /** Closes the clients' sockets. */
  destroy(): void {
    for (const { client } of this.loaded.values()) client.destroy();
    this.loaded.clear();
  }

  private load(service: string): LoadedService {
    const known = this.loaded.get(service);
    if (known) return known;
    const packageName = `@aws-sdk/client-${PACKAGE_NAMES[service] ?? service}`;
    let module: Record<string, unknown>;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      module = require(packageName) as Record<string, unknown>;
    } catch {
      throw new StatesError(
        'States.Runtime',
        `The service '${service}' is not available in this runtime: its SDK package ${packageName} is not installed.`,
      );
    }
    const clientName = Object.keys(module).find((key) => key.endsWith('Client') && key !== '__Client');
    const Client = clientName ? (module[clientName] as ClientClass) : undefined;
    if (!Client) throw new StatesError('States.Runtime', `No client class found in ${packageName}.`);
    const client = new Client({
      endpoint: this.options.endpoint,
      region: this.options.region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      // Step Functions' own Retry decides about retrying; the SDK must report the first failure.
      maxAttempts: 1,
      forcePathStyle: true,
    });
    const loaded = { client, module };
    this.loaded.set(service, loaded);
    return loaded;
  }
}
