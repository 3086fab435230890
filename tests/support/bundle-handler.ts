/**
 * Bundles one Lambda handler with esbuild, as serverless-esbuild does for a deploy, and loads it: the real handler with
 * its middy chain, for a unit test that needs no runtime (middy ships as ES modules, which Jest cannot require from
 * TypeScript sources). The bundle is written under the project's `.local/`, so what it leaves external (the AWS SDK,
 * sharp's native binary) resolves from the project's node_modules as in the offline runtime.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const projectDir = path.resolve(__dirname, '../..');

export interface BundledHandler<T> {
  readonly handler: T;
  /** Removes the bundle. */
  remove(): void;
}

export async function bundleHandler<T>(entry: string, external: readonly string[] = []): Promise<BundledHandler<T>> {
  const outDir = path.join(projectDir, '.local', 'test-bundles', `${path.basename(entry, '.ts')}-${process.pid}-${Date.now()}`);
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, 'handler.js');
  await build({ entryPoints: [path.join(projectDir, entry)], bundle: true, platform: 'node', target: 'node22', format: 'cjs', outfile, external: ['@aws-sdk/*', ...external], logLevel: 'silent' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the bundle just written
  const { handler } = require(outfile) as { handler: T };
  return { handler, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}
