import { BadRequestException, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { startEdgeServer, type EdgeServer } from '../../../local/edge/server';
import { sesRoutes } from '../../../local/ses/ses-module';
import { SentEmails } from '../../../local/ses/sent-emails';

describe('SES v2 capture on the edge (through @aws-sdk/client-sesv2)', () => {
  let edge: EdgeServer;
  let ses: SESv2Client;

  const inspect = async (query = '') => {
    const response = await fetch(`${edge.url}/_aws/ses${query}`);
    return { status: response.status, body: (await response.json()) as { messages: Record<string, unknown>[] } };
  };

  beforeAll(async () => {
    const routes = sesRoutes(new SentEmails(), () => ({ region: 'us-east-1', now: () => Date.UTC(2025, 5, 1, 12, 0, 0) }));
    edge = await startEdgeServer({ port: 0, services: [{ name: 'ses', routes }] });
    ses = new SESv2Client({ endpoint: edge.url, region: 'eu-central-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  });

  afterAll(async () => {
    ses.destroy();
    await edge.close();
  });

  beforeEach(async () => {
    await fetch(`${edge.url}/_aws/ses`, { method: 'DELETE' });
  });

  it('answers a MessageId and lists the message at /_aws/ses in LocalStack\'s shape', async () => {
    // Act
    const { MessageId } = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'orders@shop.example',
        Destination: { ToAddresses: ['ann@example.com'], BccAddresses: ['audit@shop.example'] },
        Content: { Simple: { Subject: { Data: 'Order o-1 confirmed' }, Body: { Text: { Data: 'Thanks!' }, Html: { Data: '<p>Thanks!</p>' } } } },
      }),
    );
    const listed = await inspect();

    // Assess
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      messages: [
        {
          Id: MessageId,
          Region: 'eu-central-1',
          Destination: { ToAddresses: ['ann@example.com'], BccAddresses: ['audit@shop.example'] },
          Source: 'orders@shop.example',
          Subject: 'Order o-1 confirmed',
          Body: { text_part: 'Thanks!', html_part: '<p>Thanks!</p>' },
          Timestamp: '2025-06-01T12:00:00',
        },
      ],
    });
  });

  it('captures Raw content sent as bytes by the SDK', async () => {
    // Prepare
    const mime = 'From: orders@shop.example\r\nTo: ann@example.com\r\nSubject: Raw\r\n\r\nHello';

    // Act
    const { MessageId } = await ses.send(new SendEmailCommand({ Content: { Raw: { Data: new TextEncoder().encode(mime) } } }));
    const listed = await inspect(`?id=${MessageId}`);

    // Assess
    expect(listed.body.messages).toEqual([
      { Id: MessageId, Region: 'eu-central-1', Source: 'orders@shop.example', RawData: mime, Timestamp: '2025-06-01T12:00:00' },
    ]);
  });

  it.each([
    ['?email=a@shop.example', ['a@shop.example', 'a@shop.example']],
    ['?email=b@shop.example', ['b@shop.example']],
    ['?email=', ['a@shop.example', 'b@shop.example', 'a@shop.example']],
  ])('filters /_aws/ses by %s', async (query, expectedSources) => {
    // Prepare
    for (const from of ['a@shop.example', 'b@shop.example', 'a@shop.example']) {
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: ['ann@example.com'] },
          Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
        }),
      );
    }

    // Act
    const listed = await inspect(query);

    // Assess
    expect(listed.body.messages.map((message) => message.Source)).toEqual(expectedSources);
  });

  it('deletes one message by id, then all of them', async () => {
    // Prepare
    const send = () =>
      ses.send(
        new SendEmailCommand({
          FromEmailAddress: 'a@shop.example',
          Destination: { ToAddresses: ['ann@example.com'] },
          Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
        }),
      );
    const first = await send();
    const second = await send();

    // Act
    const deletedOne = await fetch(`${edge.url}/_aws/ses?id=${first.MessageId}`, { method: 'DELETE' });
    const remaining = await inspect();
    const deletedAll = await fetch(`${edge.url}/_aws/ses`, { method: 'DELETE' });
    const none = await inspect();

    // Assess
    expect(deletedOne.status).toBe(204);
    expect(remaining.body.messages.map((message) => message.Id)).toEqual([second.MessageId]);
    expect(deletedAll.status).toBe(204);
    expect(none.body).toEqual({ messages: [] });
  });

  it.each([
    // AWS answers `{"message":null}` here; SDK v3 names such an error's message UnknownError.
    ['a missing From', { Destination: { ToAddresses: ['ann@example.com'] } }, 'UnknownError'],
    ['a missing Destination', { FromEmailAddress: 'a@shop.example' }, "Missing required header 'To'."],
    ['an invalid recipient', { FromEmailAddress: 'a@shop.example', Destination: { ToAddresses: ['ann'] } }, 'Invalid email address ann.'],
  ])('raises BadRequestException for %s and keeps nothing', async (_label, members, message) => {
    // Act
    const error = await ses
      .send(new SendEmailCommand({ ...members, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } }))
      .then(
        () => undefined,
        (caught: unknown) => caught as Error & { $metadata: { httpStatusCode?: number } },
      );

    // Assess
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error?.name).toBe('BadRequestException');
    expect(error?.message).toBe(message);
    expect(error?.$metadata.httpStatusCode).toBe(400);
    expect((await inspect()).body).toEqual({ messages: [] });
  });
});
