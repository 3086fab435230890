/**
 * cfn-lint (https://github.com/aws-cloudformation/cfn-lint), the linter AWS publishes for CloudFormation, run on a
 * compiled template with the project's `.cfnlintrc`. It is a Python tool, not an npm package: where it is not on PATH
 * the iac suite says so and skips that one test.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The project's cfn-lint settings: the suppressions, each with its reason. */
export const CFN_LINT_CONFIG = path.resolve(__dirname, '../../.cfnlintrc');

/** Linting a ~2,500-line template takes a few seconds; a busy CI machine, longer. */
const CFN_LINT_TIMEOUT_MS = 120_000;

/** One finding, as `cfn-lint --format json` reports it. */
export interface CfnLintFinding {
  readonly Rule: { readonly Id: string };
  readonly Level: 'Error' | 'Warning' | 'Informational';
  readonly Message: string;
  readonly Location: { readonly Path: readonly (string | number)[] };
}

/** The cfn-lint executable on `PATH`, or undefined. */
export function findCfnLint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const names = process.platform === 'win32' ? ['cfn-lint.exe', 'cfn-lint.cmd'] : ['cfn-lint'];
  for (const directory of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(directory, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

/** Lints `templateFile` with the project's `.cfnlintrc` and returns every finding (an empty list is a clean template). */
export function runCfnLint(executable: string, templateFile: string): CfnLintFinding[] {
  const result = spawnSync(executable, ['--config-file', CFN_LINT_CONFIG, '--format', 'json', '--', templateFile], {
    encoding: 'utf8',
    timeout: CFN_LINT_TIMEOUT_MS,
  });
  if (result.error) throw new Error(`${executable} did not run: ${result.error.message}`);
  // cfn-lint exits non-zero when it finds anything (a bit per level), so the exit code alone is no failure.
  try {
    return JSON.parse(result.stdout) as CfnLintFinding[];
  } catch {
    throw new Error(`${executable} exited with ${result.status} and no JSON report:\n${result.stderr || result.stdout}`);
  }
}

/** `W3005 Resources/X/DependsOn/0: message`, one line per finding, for a readable failure. */
export function describeFindings(findings: readonly CfnLintFinding[]): string[] {
  return findings.map((finding) => `${finding.Rule.Id} ${finding.Location.Path.join('/')}: ${finding.Message}`);
}
