/**
 * sharp's native binary in the deploy package, for each Lambda architecture: `serverless package` (as a deploy runs it,
 * on whatever machine) must put the Linux glibc binary of the function's architecture into resizeImage's zip, and no
 * binary of any other platform, this machine's included. Packages twice (x86_64, arm64), so it takes a minute.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { packageService, withPackageLock } from '../../local/deploy/package-service';
import { readServicePackage, type ServicePackage } from '../../local/deploy/service-package';
import { NPM_CPU, type LambdaArchitecture } from '../../packaging/native-modules';
import { defined } from '../support/defined';

const serviceDir = path.resolve(__dirname, '../..');
/** Two packagings, each installing sharp for its target with npm (from npm's cache when it can). */
const PACKAGE_TIMEOUT_MS = 300_000;
const ARCHITECTURES: readonly LambdaArchitecture[] = ['x86_64', 'arm64'];

interface Packaged {
  readonly servicePackage: ServicePackage;
  readonly zipEntries: (functionName: string) => string[];
}

describe.each(ARCHITECTURES)('serverless package for %s', (architecture) => {
  let workDir: string;
  let packaged: Packaged;
  const cpu = NPM_CPU[architecture];

  beforeAll(async () => {
    // Prepare: the architecture as a deployer sets it (serverless.yml reads LAMBDA_ARCHITECTURE, default arm64).
    workDir = mkdtempSync(path.join(tmpdir(), `iac-sharp-${architecture}-`));
    const env = { ...process.env, LAMBDA_ARCHITECTURE: architecture };
    const packageDir = path.join(workDir, 'package');

    // Act
    await withPackageLock(serviceDir, () => packageService({ serviceDir, stage: 'dev', region: 'us-east-1', packageDir, env }));
    const servicePackage = readServicePackage(packageDir);
    packaged = { servicePackage, zipEntries: (name) => new AdmZip(path.join(packageDir, `${name}.zip`)).getEntries().map((entry) => entry.entryName) };
  }, PACKAGE_TIMEOUT_MS);

  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it(`declares resizeImage for ${architecture}`, () => {
    // Act
    const fn = defined(packaged.servicePackage.template.Resources.ResizeImageLambdaFunction, 'the resizeImage function');

    // Assess
    expect(fn.Properties?.Architectures).toEqual([architecture]);
  });

  it(`packages sharp with the linux-${cpu} (glibc) binary and libvips, and no other platform's`, () => {
    // Act
    const entries = packaged.zipEntries('resizeImage');
    const platformPackages = [...new Set(entries.map((entry) => /^node_modules\/@img\/(sharp-[^/]+)\//.exec(entry)?.[1]).filter((name) => name !== undefined))].sort();
    const nativeFiles = entries.filter((entry) => /\.(node|so(\.\d+)*)$/.test(entry));

    // Assess
    expect(entries).toContain('node_modules/sharp/package.json');
    expect(entries).toContain('functions/images/resize-image.js');
    expect(platformPackages).toEqual([`sharp-libvips-linux-${cpu}`, `sharp-linux-${cpu}`]);
    expect(nativeFiles.length).toBeGreaterThan(0);
    expect(nativeFiles.filter((file) => !file.startsWith(`node_modules/@img/sharp-linux-${cpu}/`) && !file.startsWith(`node_modules/@img/sharp-libvips-linux-${cpu}/`))).toEqual([]);
    // sharp's addon, named with its version (`sharp-linux-arm64-0.35.5.node`), which sharp loads by this exact path.
    expect(nativeFiles.filter((file) => new RegExp(`^node_modules/@img/sharp-linux-${cpu}/lib/sharp-linux-${cpu}-[\\d.]+\\.node$`).test(file))).toHaveLength(1);
  });

  it('packages no node_modules into any other function (sharp goes only where it is imported)', () => {
    // Act
    const others = Object.entries(packaged.servicePackage.template.Resources)
      .filter(([id, resource]) => resource.Type === 'AWS::Lambda::Function' && id !== 'ResizeImageLambdaFunction')
      .map(([id]) => id.replace(/LambdaFunction$/, ''))
      .map((id) => `${id.charAt(0).toLowerCase()}${id.slice(1)}`);
    const withModules = others.filter((name) => packaged.zipEntries(name).some((entry) => entry.startsWith('node_modules/')));

    // Assess
    expect(others.length).toBeGreaterThan(0);
    expect(withModules).toEqual([]);
  });
});
