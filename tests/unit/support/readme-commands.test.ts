/** Reading README's marked shell blocks: the marker finds the block, commands come back as written with comments apart. */
import { commandsOf, markedBlock } from '../../support/readme-commands';

const README = [
  '# Title',
  '',
  '```sh',
  'echo not this one',
  '```',
  '',
  '<!-- doc-test: run-locally -->',
  '```sh',
  'npm start                 # in one terminal: the runtime',
  'npm run seed',
  'API=$(node -p "require(\'./x.json\').ApiUrl")',
  'curl -s -X POST "$API/orders" -H \'content-type: application/json\' \\',
  '  -d \'{"note":"a # inside quotes"}\'',
  '',
  '# a comment line',
  'curl -s "$API/orders/order-1"      # PENDING, then CONFIRMED',
  '```',
].join('\n');

describe('markedBlock', () => {
  it('returns the body of the fenced block right after the marker, not an earlier block', () => {
    // Act
    const block = markedBlock(README, 'run-locally');

    // Assess
    expect(block.split('\n')[0]).toBe('npm start                 # in one terminal: the runtime');
    expect(block).not.toContain('not this one');
  });

  it.each([
    ['there is no such marker', 'try-approval', 'README has no <!-- doc-test: try-approval --> marker'],
    ['the marker is not followed by a block', 'loose', '<!-- doc-test: loose --> must be followed directly by a fenced code block'],
  ])('names the marker when %s', (_case, name, message) => {
    // Act
    const reading = () => markedBlock(`${README}\n<!-- doc-test: loose -->\nsome prose\n`, name);

    // Assess
    expect(reading).toThrow(message);
  });
});

describe('commandsOf', () => {
  it('gives one command per logical line, continuations joined, comments apart, comment lines dropped', () => {
    // Act
    const commands = commandsOf(markedBlock(README, 'run-locally'));

    // Assess
    expect(commands).toEqual([
      { command: 'npm start', comment: 'in one terminal: the runtime' },
      { command: 'npm run seed', comment: '' },
      { command: 'API=$(node -p "require(\'./x.json\').ApiUrl")', comment: '' },
      { command: 'curl -s -X POST "$API/orders" -H \'content-type: application/json\'   -d \'{"note":"a # inside quotes"}\'', comment: '' },
      { command: 'curl -s "$API/orders/order-1"', comment: 'PENDING, then CONFIRMED' },
    ]);
  });
});
