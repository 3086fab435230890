/** Types for native-modules.js (plain CommonJS, because osls's `${file(...)}` loads it without a TypeScript loader). */

export type LambdaArchitecture = 'x86_64' | 'arm64';

/** Lambda's architecture names → npm's `--cpu` values. */
export const NPM_CPU: Readonly<Record<LambdaArchitecture, string>>;

/** The `npm install` arguments that select the native binaries for `architecture` on Lambda. */
export function lambdaInstallArgs(architecture: string): string[];
