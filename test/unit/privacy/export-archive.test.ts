import { Timestamp } from 'firebase-admin/firestore';
import { EXPORT_FORMAT, exportArchive, toJsonValue } from '../../../shared/privacy/export-archive';

const at = Timestamp.fromDate(new Date('2025-03-04T05:06:07.000Z'));

describe('toJsonValue', () => {
  it('turns timestamps and dates into ISO strings at any depth', () => {
    expect(toJsonValue({ a: at, b: [{ c: new Date(0) }], d: null, e: 2 })).toEqual({
      a: '2025-03-04T05:06:07.000Z',
      b: [{ c: '1970-01-01T00:00:00.000Z' }],
      d: null,
      e: 2,
    });
  });
});

describe('exportArchive', () => {
  it('holds every kind of record, the preferences apart, and no storage locations', () => {
    const archive = exportArchive(
      { uid: 'u1', email: 'a@x.io', name: 'A', role: 'learner' },
      {
        profile: { timezone: 'UTC', notification_preferences: { categories: {} } },
        enrollments: [
          {
            id: 'u1_p',
            doc: { pathway_id: 'p', enrolled_at: at },
            quiz_attempts: [{ id: 'q-1', percentage: 50 }],
          },
        ],
        submissions: [
          {
            id: 's1',
            doc: { file_name: 'a.png', bucket: 'b', object_path: 'pathways/p/users/u1/x' },
          },
        ],
        certificates: [
          { id: 'c1', doc: { pathway_id: 'p', pdf_object_path: 'certificates/c1/1.pdf' } },
        ],
        media: [
          {
            id: 'm1',
            doc: {
              owner_uid: 'u1',
              kind: 'image',
              file_name: 'avatar.png',
              bucket: 'b',
              object_path: 'images/m1.png',
              created_at: at,
            },
          },
        ],
        events: [{ id: 'e1', type: 'resource_completed' }],
      },
      new Date('2025-03-05T00:00:00.000Z'),
    );
    expect(archive).toEqual({
      format: EXPORT_FORMAT,
      exported_at: '2025-03-05T00:00:00.000Z',
      account: { uid: 'u1', email: 'a@x.io', name: 'A', role: 'learner' },
      profile: { timezone: 'UTC' },
      mail_preferences: { categories: {} },
      enrollments: [{ id: 'u1_p', pathway_id: 'p', enrolled_at: '2025-03-04T05:06:07.000Z' }],
      quiz_attempts: [{ enrollment_id: 'u1_p', id: 'q-1', percentage: 50 }],
      submissions: [{ id: 's1', file_name: 'a.png' }],
      certificates: [{ id: 'c1', pathway_id: 'p' }],
      media: [
        {
          id: 'm1',
          owner_uid: 'u1',
          kind: 'image',
          file_name: 'avatar.png',
          created_at: '2025-03-04T05:06:07.000Z',
        },
      ],
      learner_events: [{ id: 'e1', type: 'resource_completed' }],
    });
  });
});
