import type { Caller, Role } from '../../../shared/auth';
import {
  extensionOf,
  isMediaObject,
  KIND_RULES,
  mayUpload,
  MEDIA_QUOTA,
  mediaObjectPath,
  parseMediaObjectPath,
  planMediaFile,
} from '../../../shared/media/kinds';
import { reserve } from '../../../shared/submissions/quota';

const MB = 1024 * 1024;
const caller = (role: Role): Caller => ({ uid: 'u1', role, email: undefined, name: undefined });
const ID = '0b9f3c2e-8d4a-4f6b-9c1d-2e3f4a5b6c7d';

describe('who uploads what (seed 003)', () => {
  it('lets anyone signed in upload images, and only instructors and admins videos and documents', () => {
    expect(mayUpload(caller('learner'), 'image')).toBe(true);
    expect(mayUpload(caller('learner'), 'video')).toBe(false);
    expect(mayUpload(caller('learner'), 'document')).toBe(false);
    expect(mayUpload(caller('instructor'), 'video')).toBe(true);
    expect(mayUpload(caller('admin'), 'document')).toBe(true);
  });
});

describe('planning a media file', () => {
  it.each([
    ['video', 'lecture.MOV', 'video/quicktime', 'videos'],
    ['video', 'clip.mkv', 'video/x-matroska', 'videos'],
    ['video', 'clip.avi', 'video/x-msvideo', 'videos'],
    ['image', 'me.JPEG', 'image/jpeg', 'images'],
    ['document', 'slides.ppt', 'application/vnd.ms-powerpoint', 'documents'],
    [
      'document',
      'notes.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'documents',
    ],
  ] as const)('takes a %s named %s as %s into %s/', (kind, name, type, folder) => {
    expect(planMediaFile(kind, { file_name: name, size_bytes: 10 })).toMatchObject({
      ok: true,
      contentType: type,
      folder,
    });
  });

  it('refuses an extension of another kind, naming the field and what is accepted', () => {
    expect(planMediaFile('image', { file_name: 'movie.mp4', size_bytes: 10 }, 'files[2].')).toEqual(
      {
        ok: false,
        tooLarge: false,
        details: [
          {
            path: 'files[2].file_name',
            message: 'A image must be one of: jpg, jpeg, png, gif, webp',
          },
        ],
      },
    );
    expect(planMediaFile('document', { file_name: 'README', size_bytes: 10 }).ok).toBe(false);
  });

  it('accepts the usual aliases of a declared type, and refuses a type that contradicts the extension', () => {
    expect(
      planMediaFile('video', { file_name: 'a.avi', size_bytes: 1, content_type: 'video/avi' }).ok,
    ).toBe(true);
    expect(
      planMediaFile('video', { file_name: 'a.mp4', size_bytes: 1, content_type: 'video/webm' }),
    ).toMatchObject({ ok: false, details: [{ path: 'content_type' }] });
  });

  it('holds each kind to its limit, to the byte', () => {
    for (const kind of ['video', 'image', 'document'] as const) {
      const name = `f.${Object.keys(KIND_RULES[kind].types)[0]}`;
      const max = KIND_RULES[kind].maxBytes;
      expect(planMediaFile(kind, { file_name: name, size_bytes: max }).ok).toBe(true);
      expect(planMediaFile(kind, { file_name: name, size_bytes: max + 1 })).toMatchObject({
        ok: false,
        tooLarge: true,
      });
    }
    expect([
      KIND_RULES.video.maxBytes,
      KIND_RULES.image.maxBytes,
      KIND_RULES.document.maxBytes,
    ]).toEqual([500 * MB, 5 * MB, 20 * MB]);
  });

  it('reads the extension after the last dot only', () => {
    expect(extensionOf('archive.tar.ZIP')).toBe('zip');
    expect(extensionOf('.png')).toBeNull();
    expect(extensionOf('trailing.')).toBeNull();
  });
});

describe('media object names', () => {
  it('round-trips an item id through its object name, and nothing else parses', () => {
    const path = mediaObjectPath('videos', ID, 'mp4');
    expect(path).toBe(`videos/${ID}.mp4`);
    expect(parseMediaObjectPath(path)).toEqual({ kind: 'video', id: ID });
    expect(parseMediaObjectPath(`quarantine/${path}`)).toBeNull();
    expect(parseMediaObjectPath(`videos/${ID}.mp4/extra`)).toBeNull();
    expect(parseMediaObjectPath('videos/not-an-id.mp4')).toBeNull();
  });

  it('routes the media folders, and no submission path, to media', () => {
    expect(isMediaObject(`images/${ID}.png`)).toBe(true);
    expect(isMediaObject('pathways/p/users/u/resources/r/x.png')).toBe(false);
    expect(isMediaObject('quarantine/images/x.png')).toBe(false);
  });
});

describe('the media quota', () => {
  it('takes a batch of ten three times an hour, and refuses the thirty-first upload', () => {
    let current: Parameters<typeof reserve>[0] = [];
    for (let i = 0; i < MEDIA_QUOTA.uploadsPerHour; i += 1) {
      const decision = reserve(
        current,
        { submission_id: `m${i}`, at: 1000 + i, bytes: MB },
        MEDIA_QUOTA,
      );
      if (!decision.ok) throw new Error(decision.reason);
      current = decision.reservations;
    }
    expect(
      reserve(current, { submission_id: 'm30', at: 2000, bytes: MB }, MEDIA_QUOTA),
    ).toMatchObject({
      ok: false,
      reason: 'At most 30 uploads per hour',
    });
  });

  it('allows ten 500 MB videos a day and names the byte limit', () => {
    const day = Array.from({ length: 10 }, (_, i) => ({
      submission_id: `v${i}`,
      at: i,
      bytes: 500 * MB,
    }));
    expect(
      reserve(day, { submission_id: 'v10', at: 20, bytes: 500 * MB }, MEDIA_QUOTA),
    ).toMatchObject({
      ok: false,
      reason: 'At most 5120 MB of uploads per day',
    });
  });
});
