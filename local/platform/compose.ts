/**
 * Starting and stopping a list of services behind one edge: the edge listens first (services need its URL), then each
 * service starts in list order with a context through which it can find the others; closing goes in reverse order,
 * services first and the edge last, so that nothing a service still needs is gone before it.
 */
import { startEdgeServer, type EdgeServer } from '../edge/server';
import type { Clock } from './clock';
import type { EmulatedService, RuntimeContext } from './service';
import type { StateDir } from './state-dir';

export interface PlatformOptions {
  readonly services: readonly EmulatedService[];
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  readonly region: string;
  readonly accountId: string;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** Durable mode's state directory, opened and locked by the caller (state-dir.ts); absent keeps state in memory. */
  readonly stateDir?: Pick<StateDir, 'dirFor'>;
}

export interface Platform {
  readonly url: string;
  readonly context: RuntimeContext;
  /** Closes every started service in reverse order, then the edge; safe to call more than once. */
  close(): Promise<void>;
}

export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const byName = new Map<string, EmulatedService>();
  for (const service of options.services) {
    if (byName.has(service.name)) throw new Error(`Two services are named '${service.name}'`);
    byName.set(service.name, service);
  }
  const edge: EdgeServer = await startEdgeServer({ port: options.port, host: options.host, services: options.services, logFailure: options.log });
  const context: RuntimeContext = {
    endpoint: edge.url,
    region: options.region,
    accountId: options.accountId,
    clock: options.clock,
    log: options.log,
    stateDirFor: (service) => options.stateDir?.dirFor(service),
    service<T extends EmulatedService>(name: string): T {
      const found = byName.get(name);
      if (!found) throw new Error(`No service named '${name}' in this runtime (it has: ${[...byName.keys()].join(', ')})`);
      return found as T;
    },
  };
  const started: EmulatedService[] = [];
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const failures: unknown[] = [];
      for (const service of started.reverse()) {
        try {
          await service.close?.();
        } catch (error) {
          failures.push(error);
        }
      }
      await edge.close();
      if (failures.length > 0) throw new AggregateError(failures, 'Some services failed to close');
    })();
    return closing;
  };
  try {
    for (const service of options.services) {
      // Closed on failure even if its start failed half-way: every close tolerates what start never made.
      started.push(service);
      await service.start?.(context);
    }
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return { url: edge.url, context, close };
}
