/**
 * The service shape: startPlatform starts services in list order with a context through which they find each other,
 * closes them in reverse, and the edge serves their routes and lists them on the health endpoint.
 */
import { startPlatform } from '../../../local/platform/compose';
import { systemClock } from '../../../local/platform/clock';
import type { EmulatedService } from '../../../local/platform/service';

interface Greeter extends EmulatedService {
  greeting?: string;
}

describe('startPlatform', () => {
  it('starts in order, binds late through the context, serves routes, and closes in reverse', async () => {
    // Prepare
    const events: string[] = [];
    const greeter: Greeter = {
      name: 'greeter',
      routes: [],
      start(context) {
        events.push('start greeter');
        this.greeting = `hello from ${context.endpoint.startsWith('http://127.0.0.1:') ? 'the edge' : '?'}`;
      },
      close: () => void events.push('close greeter'),
    };
    let greeting: string | undefined;
    const echo: EmulatedService = {
      name: 'echo',
      routes: [{ match: { path: '/echo' }, handle: (req, res) => void res.writeHead(200).end(greeting) }],
      start(context) {
        events.push('start echo');
        greeting = context.service<Greeter>('greeter').greeting;
      },
      close: () => void events.push('close echo'),
    };

    // Act
    const platform = await startPlatform({ services: [greeter, echo], port: 0, region: 'us-east-1', accountId: '000000000000', clock: systemClock, log: () => undefined });
    const echoed = await (await fetch(`${platform.url}/echo`)).text();
    const health = await (await fetch(`${platform.url}/_runtime/health`)).json();
    await platform.close();

    // Assess
    expect(echoed).toBe('hello from the edge');
    expect(health).toEqual({ status: 'running', services: { greeter: 'running', echo: 'running' } });
    expect(events).toEqual(['start greeter', 'start echo', 'close echo', 'close greeter']);
  });

  it('closes what it started when a later service fails to start, and names the missing service', async () => {
    // Prepare
    const closed: string[] = [];
    const first: EmulatedService = { name: 'first', routes: [], close: () => void closed.push('first') };
    const broken: EmulatedService = { name: 'broken', routes: [], start: (context) => void context.service('absent'), close: () => void closed.push('broken') };

    // Act
    const attempt = startPlatform({ services: [first, broken], port: 0, region: 'us-east-1', accountId: '000000000000', clock: systemClock, log: () => undefined });

    // Assess
    await expect(attempt).rejects.toThrow("No service named 'absent' in this runtime (it has: first, broken)");
    expect(closed).toEqual(['broken', 'first']);
  });
});
