/**
 * The execution environments of one function. Lambda reuses a warm environment for the next invocation and creates
 * another one when all are busy (each environment serves one invocation at a time).
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
 */
import { Sandbox, type SandboxInvocation, type SandboxOptions, type SandboxOutcome } from './sandbox';

export interface FunctionPoolOptions extends SandboxOptions {
  /** Environments running at once; further invocations wait for one (a laptop has fewer cores than Lambda). */
  readonly maxConcurrency: number;
  /** An environment idle this long is shut down, as Lambda recycles idle environments. */
  readonly idleTimeoutMs: number;
}

export class FunctionPool {
  private readonly idle: Sandbox[] = [];
  private readonly all = new Set<Sandbox>();
  private readonly waiting: Array<() => void> = [];
  private reaper?: NodeJS.Timeout;
  /** Cold starts so far (environments created), for the console and tests. */
  coldStarts = 0;

  constructor(private readonly options: FunctionPoolOptions) {}

  async invoke(invocation: SandboxInvocation): Promise<SandboxOutcome> {
    const sandbox = await this.acquire();
    try {
      return await sandbox.invoke(invocation);
    } finally {
      this.release(sandbox);
    }
  }

  /** Shuts every environment down. */
  async close(): Promise<void> {
    clearInterval(this.reaper);
    const sandboxes = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(sandboxes.map((sandbox) => sandbox.terminate()));
  }

  private async acquire(): Promise<Sandbox> {
    for (;;) {
      const warm = this.idle.pop();
      if (warm && !warm.dead) return warm;
      // An environment can die while idle (its handler exits after answering): it frees its slot here, or a
      // function whose environments all died that way would wait for a slot forever.
      if (warm) {
        this.all.delete(warm);
        continue;
      }
      if (this.all.size < this.options.maxConcurrency) return this.create();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private create(): Sandbox {
    const sandbox = new Sandbox(this.options);
    this.all.add(sandbox);
    this.coldStarts += 1;
    this.startReaper();
    return sandbox;
  }

  private release(sandbox: Sandbox): void {
    if (sandbox.dead) this.all.delete(sandbox);
    else if (this.all.has(sandbox)) this.idle.push(sandbox);
    this.waiting.shift()?.();
  }

  private startReaper(): void {
    if (this.reaper) return;
    this.reaper = setInterval(() => this.reapIdle(), Math.min(this.options.idleTimeoutMs, 60_000));
    this.reaper.unref();
  }

  private reapIdle(): void {
    const cutoff = Date.now() - this.options.idleTimeoutMs;
    const stale = this.idle.filter((sandbox) => sandbox.lastUsed < cutoff || sandbox.dead);
    for (const sandbox of stale.reverse()) {
      this.idle.splice(this.idle.indexOf(sandbox), 1);
      this.all.delete(sandbox);
      void sandbox.terminate();
    }
  }
}
