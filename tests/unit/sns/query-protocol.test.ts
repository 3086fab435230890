/**
 * SNS's query protocol, one module: the flattened form as the API's members (lists in index order, both map
 * spellings), and responses as the XML `@aws-sdk/client-sns` parses (lists as `member`, Attributes as `entry`).
 */
import { parseQueryParameters, renderQueryResponse } from '../../../local/sns/query-protocol';

describe('SNS query protocol', () => {
  it('reads flattened lists in index order and both map spellings, nested inside list members', () => {
    // Prepare: members out of order, as a hand-written form may send them.
    const form = new URLSearchParams([
      ['Action', 'PublishBatch'],
      ['Version', '2010-03-31'],
      ['TopicArn', 'arn:aws:sns:us-east-1:000000000000:t'],
      ['PublishBatchRequestEntries.member.10.Id', 'tenth'],
      ['PublishBatchRequestEntries.member.2.Id', 'second'],
      ['PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Name', 'kind'],
      ['PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.DataType', 'String'],
      ['PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.StringValue', 'alert'],
      ['Attributes.entry.1.key', 'DisplayName'],
      ['Attributes.entry.1.value', 'Alerts'],
    ]);
    // Act
    const { action, input } = parseQueryParameters(form);
    // Assess
    expect(action).toBe('PublishBatch');
    expect(input).toEqual({
      TopicArn: 'arn:aws:sns:us-east-1:000000000000:t',
      PublishBatchRequestEntries: [{ Id: 'second', MessageAttributes: { kind: { DataType: 'String', StringValue: 'alert' } } }, { Id: 'tenth' }],
      Attributes: { DisplayName: 'Alerts' },
    });
  });

  it('keeps a member named __proto__ as data', () => {
    const { input } = parseQueryParameters(new URLSearchParams([['Attributes.entry.1.key', '__proto__'], ['Attributes.entry.1.value', 'x']]));
    expect(Object.getPrototypeOf(input.Attributes)).toBe(Object.prototype);
    expect(Object.keys(input.Attributes as object)).toEqual(['__proto__']);
  });

  it('refuses a parameter nested deeper than any SNS member with InvalidParameter', () => {
    expect(() => parseQueryParameters(new URLSearchParams([[`${'a.'.repeat(20)}b`, '1']]))).toThrow(expect.objectContaining({ name: 'InvalidParameterException', queryCode: 'InvalidParameter' }));
  });

  it('renders lists as member elements, Attributes as entries, escapes text and leaves out what is undefined', () => {
    const xml = renderQueryResponse('GetTopicAttributes', { Attributes: { DisplayName: 'a < b' }, Topics: [{ TopicArn: 'x' }], NextToken: undefined }, 'req-1');
    expect(xml).toBe(
      '<?xml version="1.0"?><GetTopicAttributesResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><GetTopicAttributesResult>' +
        '<Attributes><entry><key>DisplayName</key><value>a &lt; b</value></entry></Attributes><Topics><member><TopicArn>x</TopicArn></member></Topics>' +
        '</GetTopicAttributesResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetTopicAttributesResponse>',
    );
    expect(renderQueryResponse('DeleteTopic', undefined, 'req-2')).not.toContain('DeleteTopicResult');
  });
});
