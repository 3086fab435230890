/**
 * How serverless-esbuild installs the modules it leaves external (sharp, whose native binary cannot be bundled), read
 * by serverless.yml through `${file(packaging/native-modules.js):installArgs}`.
 *
 * sharp ships its binary as one optional dependency per platform (@img/sharp-linux-arm64, @img/sharp-libvips-linux-x64,
 * ...), and npm installs only those matching the platform it runs on. A deploy from a Mac, or from an x64 CI runner to
 * an arm64 function, would therefore package the wrong binary. npm ≥ 10 takes the target platform as `--os`, `--cpu` and
 * `--libc` (https://docs.npmjs.com/cli/v10/commands/npm-install#cpu, https://sharp.pixelplumbing.com/install#cross-platform),
 * so the packaged node_modules holds the Lambda's binary and no other: Lambda's Node.js runtimes are Linux on glibc
 * (Amazon Linux 2023), x86_64 or arm64 as serverless.yml says.
 *
 * Stage `local` is the exception: the offline runtime runs the function on this machine, so it gets this machine's
 * binary (npm's default), whatever the architecture says.
 */
'use strict';

/** Lambda's architecture names → npm's `--cpu` values (Node's process.arch). */
const NPM_CPU = { x86_64: 'x64', arm64: 'arm64' };

/** The `npm install` arguments that select the native binaries for `architecture` on Lambda. */
function lambdaInstallArgs(architecture) {
  const cpu = NPM_CPU[architecture];
  if (!cpu) throw new Error(`Unknown Lambda architecture "${architecture}": expected one of ${Object.keys(NPM_CPU).join(', ')}`);
  // --prefer-offline: the lockfile pins every version, so npm's cache answers whenever it can.
  return ['--os=linux', `--cpu=${cpu}`, '--libc=glibc', '--prefer-offline'];
}

/** The target platform's arguments for the stage being packaged: none (this machine's) on stage `local`. */
async function targetArgs(resolveVariable) {
  const stage = await resolveVariable('sls:stage');
  if (stage === 'local') return ['--prefer-offline'];
  return lambdaInstallArgs(await resolveVariable('self:provider.architecture'));
}

/** For osls (custom.esbuild.installExtraArgs): the arguments serverless-esbuild adds to its `npm ci`. */
async function installArgs({ resolveVariable }) {
  return targetArgs(resolveVariable);
}

/**
 * For osls (custom.esbuild.packagerOptions.scripts), run after serverless-esbuild's own `npm prune`: that prune takes no
 * extra arguments, so it swaps the Lambda's binary back for this machine's. Pruning again for the target platform
 * swaps it once more, before the zip is made.
 */
async function pruneScripts({ resolveVariable }) {
  const args = await targetArgs(resolveVariable);
  return args.includes('--os=linux') ? [`npm prune ${args.join(' ')}`] : [];
}

module.exports = { NPM_CPU, lambdaInstallArgs, installArgs, pruneScripts };
