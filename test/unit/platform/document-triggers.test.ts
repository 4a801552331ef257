import { listenedDocuments } from '../../../infra/local/firestore-delivery';
import { documentParamsFrom } from '../../../shared/platform/functions';

describe('subcollection document triggers', () => {
  it('reads every wildcard of the pattern from the event subject', () => {
    const pattern = 'users/{uid}/events/{eventId}';
    expect(documentParamsFrom('documents/users/u1/events/e%7C1', pattern)).toEqual({
      uid: 'u1',
      eventId: 'e|1',
    });
    expect(documentParamsFrom('documents/users/u1/daily/e1', pattern)).toBeUndefined();
    expect(documentParamsFrom('documents/users/u1', pattern)).toBeUndefined();
    expect(documentParamsFrom('documents/users/u1/events/e1/x/y', pattern)).toBeUndefined();
    expect(documentParamsFrom(undefined, pattern)).toBeUndefined();
    expect(documentParamsFrom('documents/outbox/abc', 'outbox/{id}')).toEqual({ id: 'abc' });
  });

  it('listens locally to a collection group and keeps the paths of the pattern', () => {
    const nested = listenedDocuments('users/{uid}/events/{eventId}');
    expect(nested).toMatchObject({ collection: 'events', group: true });
    expect(nested.matches('users/u1/events/e1')).toBe(true);
    expect(nested.matches('courseProjects/p1/events/e1')).toBe(false);
    expect(nested.matches('users/u1/events/e1/more/x')).toBe(false);
    expect(listenedDocuments('outbox/{id}')).toMatchObject({ collection: 'outbox', group: false });
    expect(() => listenedDocuments('users/{uid}/events')).toThrow(/Not a document path pattern/);
  });
});
