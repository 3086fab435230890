import { formatReport } from '../../../bench/report';
import type { BenchResults } from '../../../bench/results';
import { figureOf } from '../../../bench/results';
import { defined } from '../../support/defined';

const base: BenchResults = {
  generatedAt: '2026-01-01T00:00:00.000Z',
  mode: 'quick',
  machine: { node: 'v22.23.3', platform: 'linux-x64', cpus: 2 },
  peer: 'aws-local-stepfunctions 3.0.0',
  processesPerEngine: 1,
  throughput: [
    {
      id: 'a',
      title: '1,000 Pass states',
      unit: 'transitions/s',
      workPerRun: 1000,
      ours: figureOf([600_000], []),
      peer: figureOf([300_000], []),
      ratio: 2,
      goal: '>= 1.5x',
      verdict: 'met',
    },
    {
      id: 'b',
      title: '1,000 Pass + 5-path Parameters',
      unit: 'transitions/s',
      workPerRun: 1000,
      ours: figureOf([], ['ExecutionDidNotSucceed: FAILED: error="States.Runtime" cause="x"']),
      peer: figureOf([30_000], []),
      goal: '>= 10x',
      verdict: 'MISSED',
    },
  ],
  heap: { maps: 10, ours: figureOf([0.25], []), peer: figureOf([3.5], []), goal: '< 1 MB', verdict: 'met' },
  import: { ours: figureOf([50], []), peer: figureOf([500], []), share: 0.1, goal: '<= 0.25', verdict: 'met' },
  missed: ['b'],
  elapsedSeconds: 12.3,
};

describe('formatReport', () => {
  it('prints one row per figure with medians and ratios', () => {
    // Act
    const text = formatReport(base);

    // Assess
    expect(text).toMatch(/\(a\) 1,000 Pass states\s+transitions\/s\s+600,000\s+300,000\s+2\.00x\s+>= 1\.5x\s+met/);
    expect(text).toMatch(/\(f\) heap growth, 10 Maps of 10,000\s+MB\s+0\.25\s+3\.50/);
    expect(text).toMatch(/\(g\) import of the entry, fresh process\s+ms\s+50\.0\s+500\.0\s+0\.10/);
  });

  it('flags a missed goal and quotes the failure verbatim', () => {
    // Act
    const text = formatReport(base);

    // Assess
    expect(text).toMatch(/\(b\) 1,000 Pass \+ 5-path Parameters\s+transitions\/s\s+FAILED\s+30,000\s+-\s+>= 10x\s+\*\* MISSED \*\*/);
    expect(text).toContain('(b) ours: ExecutionDidNotSucceed: FAILED: error="States.Runtime" cause="x"');
    expect(text).toContain('MISSED: b');
  });

  it.each([
    { results: { ...base, missed: [] }, summary: 'all goals met' },
    { results: { ...base, missed: [], oursSkipped: 'local/engine/index.ts does not exist yet' }, summary: 'goals not judged: ours not measured' },
  ])('ends with "$summary"', ({ results, summary }) => {
    // Act
    const text = formatReport(results);

    // Assess
    expect(text).toContain(summary);
  });
});

describe('formatReport failures', () => {
  it('lists a failure shared by several processes once, indenting its continuation lines', () => {
    // Prepare
    const message = "Error: Cannot find module './timestamp'\nRequire stack:\n- local/engine/choice.ts";
    const results: BenchResults = { ...base, throughput: [{ ...defined(base.throughput[1], 'the second throughput figure'), ours: figureOf([], [message, message]) }] };

    // Act
    const text = formatReport(results);

    // Assess
    expect(text).toContain("  (b) ours: Error: Cannot find module './timestamp'\n    Require stack:\n    - local/engine/choice.ts [x2 processes]");
  });
});
