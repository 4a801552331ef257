import { messagePublishedRequest, PUBSUB_EVENT_TYPE } from '../../../../infra/local/pubsub-event';
import { leaseSeconds } from '../../../../infra/local/pubsub-event';

describe('messagePublishedRequest', () => {
  const received = {
    ackId: 'ack-1',
    message: {
      messageId: '42',
      data: Buffer.from('{"n":1}'),
      attributes: { event_id: 'e-1' },
      // As gRPC hands it over: seconds may be a string (int64), nanos below the millisecond.
      publishTime: { seconds: '1795500000', nanos: 123_999_999 },
    },
  };

  it('carries the message as Eventarc does: id, type, source and time in headers, data in base64', () => {
    const request = messagePublishedRequest('demo-p', 'topic-a', 'eventarc-f', received);
    expect(request.headers).toEqual({
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': '42',
      'ce-type': PUBSUB_EVENT_TYPE,
      'ce-source': '//pubsub.googleapis.com/projects/demo-p/topics/topic-a',
      'ce-time': '2026-11-24T06:00:00.123Z',
    });
    expect(JSON.parse(request.body)).toEqual({
      message: {
        data: Buffer.from('{"n":1}').toString('base64'),
        attributes: { event_id: 'e-1' },
        messageId: '42',
        message_id: '42',
        publishTime: '2026-11-24T06:00:00.123Z',
        publish_time: '2026-11-24T06:00:00.123Z',
      },
      subscription: 'projects/demo-p/subscriptions/eventarc-f',
    });
  });

  it('gives a message without attributes an empty map', () => {
    const bare = { message: { ...received.message, attributes: null } };
    const body = JSON.parse(messagePublishedRequest('p', 't', 's', bare).body);
    expect(body.message.attributes).toEqual({});
  });
});

describe('leaseSeconds', () => {
  it("covers the function's timeout with a minute to spare, within Pub/Sub's 600 s", () => {
    expect(leaseSeconds(60_000)).toBe(120);
    expect(leaseSeconds(1_500)).toBe(62);
    expect(leaseSeconds(540_000)).toBe(600);
    expect(leaseSeconds(600_000)).toBe(600);
  });
});
