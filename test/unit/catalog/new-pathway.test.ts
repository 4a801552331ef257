import { Timestamp } from 'firebase-admin/firestore';
import { newDraftPathway } from '../../../shared/catalog/new-pathway';

const now = Timestamp.fromMillis(Date.UTC(2026, 10, 23));

describe('newDraftPathway', () => {
  it('stores a new pathway as its owner’s draft with an empty outline at version 1', () => {
    const doc = newDraftPathway(
      { title: 'Colour', description: null, difficulty: 'beginner' },
      'teacher',
      now,
    );
    expect(doc).toEqual({
      title: 'Colour',
      description: null,
      difficulty: 'beginner',
      status: 'draft',
      owner_uid: 'teacher',
      outline: { modules: [] },
      outline_version: 1,
      created_at: now,
      updated_at: now,
      published_at: null,
      archived_at: null,
    });
    // Firestore refuses undefined fields: without learning there is no such key at all.
    expect(Object.keys(doc)).not.toContain('learning');
  });

  it('gives every pathway an outline of its own', () => {
    const a = newDraftPathway({ title: 'A', description: null, difficulty: null }, 'u', now);
    const b = newDraftPathway({ title: 'B', description: null, difficulty: null }, 'u', now);
    a.outline.modules.push({ module_id: 'm', title: 'M', required_count: null, resources: [] });
    expect(b.outline.modules).toEqual([]);
  });
});
