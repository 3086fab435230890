/** The error writers of each wire protocol, from one AwsError. */
import { AwsError } from '../../../local/platform/aws-error';
import { renderQueryError } from '../../../local/platform/protocols/aws-query';
import { renderRestXmlError } from '../../../local/platform/protocols/rest-xml';

describe('protocol error writers', () => {
  it('writes S3-style REST-XML errors with members and escaping', () => {
    // Prepare
    const error = new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { members: { Key: 'a<b>&c' } });

    // Act
    const xml = renderRestXmlError(error, 'req-1');

    // Assess
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>' +
        '<Key>a&lt;b&gt;&amp;c</Key><RequestId>req-1</RequestId></Error>',
    );
  });

  it('writes query errors with the query code and the fault', () => {
    // Prepare
    const error = new AwsError('QueueDoesNotExist', 'The specified queue does not exist.', 400, { queryCode: 'AWS.SimpleQueueService.NonExistentQueue' });

    // Act
    const xml = renderQueryError(error, 'req-2', 'http://queue.amazonaws.com/doc/2012-11-05/');

    // Assess
    expect(xml).toContain('<Error><Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>The specified queue does not exist.</Message>');
  });
});
