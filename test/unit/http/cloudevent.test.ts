import { AppError } from '../../../shared/errors';
import { cloudEventFrom } from '../../../shared/http/cloudevent';

/** CloudEvents over HTTP, both content modes, and what is not a CloudEvent. */
const binaryHeaders = {
  'content-type': 'application/json',
  'ce-specversion': '1.0',
  'ce-id': '1234',
  'ce-type': 'google.cloud.storage.object.v1.finalized',
  'ce-source': '//storage.googleapis.com/projects/_/buckets/b',
  'ce-subject': 'objects/a%20b.png',
  'ce-time': '2026-01-02T03:04:05.678Z',
};

function refusal(headers: Record<string, string>, body: unknown): AppError {
  try {
    cloudEventFrom(headers, body);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('CloudEvents from HTTP requests', () => {
  it('reads binary mode: attributes from ce-* headers (percent-decoded), data from the body', () => {
    expect(cloudEventFrom(binaryHeaders, { name: 'a b.png' })).toEqual({
      specversion: '1.0',
      id: '1234',
      type: 'google.cloud.storage.object.v1.finalized',
      source: '//storage.googleapis.com/projects/_/buckets/b',
      subject: 'objects/a b.png',
      time: '2026-01-02T03:04:05.678Z',
      data: { name: 'a b.png' },
    });
  });

  it('reads structured mode: the whole event in an application/cloudevents+json body', () => {
    const event = cloudEventFrom(
      { 'content-type': 'application/cloudevents+json; charset=utf-8' },
      {
        specversion: '1.0',
        id: 'e1',
        type: 'google.cloud.pubsub.topic.v1.messagePublished',
        source: '//pubsub.googleapis.com/projects/p/topics/t',
        data: { message: { data: 'e30=' } },
      },
    );
    expect(event).toMatchObject({ id: 'e1', data: { message: { data: 'e30=' } } });
  });

  it('names the attribute that is missing or wrong, where it was looked for', () => {
    const { 'ce-id': _id, ...noId } = binaryHeaders;
    expect(refusal(noId, {}).details).toEqual([
      { path: 'headers.ce-id', message: expect.any(String) },
    ]);
    expect(refusal({ ...binaryHeaders, 'ce-time': 'yesterday' }, {}).details[0]?.path).toBe(
      'headers.ce-time',
    );
    const structured = { 'content-type': 'application/cloudevents+json' };
    expect(
      refusal(structured, { specversion: '0.3', id: 'x', type: 't', source: 's' }).details[0]?.path,
    ).toBe('body.specversion');
  });

  it('refuses a request that is no CloudEvent at all, and binary data in structured mode', () => {
    expect(refusal({ 'content-type': 'application/json' }, { message: {} }).code).toBe(
      'invalid_argument',
    );
    expect(refusal({ 'content-type': 'application/cloudevents+json' }, 'text').code).toBe(
      'invalid_argument',
    );
    const base64 = {
      specversion: '1.0',
      id: 'x',
      type: 't',
      source: 's',
      data_base64: 'AAAA',
    };
    expect(
      refusal({ 'content-type': 'application/cloudevents+json' }, base64).details[0]?.path,
    ).toBe('body.data_base64');
  });
});
