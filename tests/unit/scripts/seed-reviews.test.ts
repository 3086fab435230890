/** `npm run seed:reviews`: where it uploads, what, and the command it prints (scripts/seed-reviews.ts). */
import { parseSeedOptions, reviewsFiles, startCommand } from '../../../scripts/seed-reviews';

const outputs = JSON.stringify({ EdgeEndpoint: 'http://localhost:4566', ReviewsBucketName: 'reviews-local', SentimentStateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sm' });

describe('seed:reviews', () => {
  it('targets the local stack from its outputs file by default, and AWS when --bucket is given', () => {
    expect(parseSeedOptions(['node', 'seed'], () => outputs)).toEqual({
      target: { endpoint: 'http://localhost:4566', bucket: 'reviews-local', stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sm' },
      count: 1000,
      start: false,
    });
    expect(parseSeedOptions(['node', 'seed', '--bucket', 'prod-reviews', '--count', '50', '--start', '--state-machine', 'arn:sm'], () => '')).toEqual({
      target: { bucket: 'prod-reviews', stateMachineArn: 'arn:sm' },
      count: 50,
      start: true,
    });
  });

  it.each<[string, string[], () => string, RegExp]>([
    ['no outputs file', [], () => { throw new Error('ENOENT'); }, /start the stack with `npm start` first, or give --bucket/],
    ['outputs without the review stack', [], () => '{"EdgeEndpoint":"http://x"}', /no EdgeEndpoint, ReviewsBucketName or SentimentStateMachineArn/],
    ['a count past the labelled sentences', ['--count', '3001'], () => outputs, /--count must be a whole number from 1 to 3000/],
    ['--start on AWS without the state machine', ['--bucket', 'b', '--start'], () => outputs, /--start needs --state-machine/],
  ])('refuses %s, saying what to do', (_case, argv, read, message) => {
    expect(() => parseSeedOptions(['node', 'seed', ...argv], read)).toThrow(message);
  });

  it('uploads the same reviews as JSON Lines and as CSV with a header, under reviews/', () => {
    const [jsonLines, csv] = reviewsFiles(30);
    expect(jsonLines?.key).toBe('reviews/labelled-30.jsonl');
    expect(csv?.key).toBe('reviews/labelled-30.csv');
    const lines = jsonLines?.body.trim().split('\n').map((line) => JSON.parse(line) as { reviewId: string; text: string; source: string }) ?? [];
    expect(lines).toHaveLength(30);
    expect(lines.slice(0, 3).map((line) => line.reviewId)).toEqual(['amazon-1', 'imdb-1', 'yelp-1']);
    expect(lines.every((line) => line.text.length > 0 && !('label' in line))).toBe(true);
    expect(csv?.body.split('\n')[0]).toBe('reviewId,text,source');
    expect(csv?.body.trim().split('\n')).toHaveLength(31);
  });

  it('prints the start command with the local endpoint, or without it for AWS', () => {
    expect(startCommand({ endpoint: 'http://localhost:4566', bucket: 'b', stateMachineArn: 'arn:sm' }, 'reviews/x.jsonl')).toBe(
      `aws stepfunctions start-execution --endpoint-url http://localhost:4566 --state-machine-arn arn:sm --input '{"bucket":"b","key":"reviews/x.jsonl"}'`,
    );
    expect(startCommand({ bucket: 'b' }, 'reviews/x.jsonl')).toContain('--state-machine-arn <SentimentStateMachineArn> --input');
  });
});
