import { lambdaInstallArgs } from '../../../packaging/native-modules';

describe('packaging/native-modules', () => {
  it.each([
    ['x86_64', '--cpu=x64'],
    ['arm64', '--cpu=arm64'],
  ])('installs the Linux glibc binaries of %s', (architecture, cpu) => {
    // Act
    const args = lambdaInstallArgs(architecture);

    // Assess
    expect(args).toEqual(['--os=linux', cpu, '--libc=glibc', '--prefer-offline']);
  });

  it('names the architecture it does not know', () => {
    // Act
    const act = () => lambdaInstallArgs('x64');

    // Assess
    expect(act).toThrow('Unknown Lambda architecture "x64": expected one of x86_64, arm64');
  });
});
