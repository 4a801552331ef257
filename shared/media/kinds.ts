import { hasRole, type Caller, type Role } from '../auth';
import type { ErrorDetail } from '../errors';
import type { QuotaLimits } from '../submissions/quota';

/**
 * Seed 003's instructor media: what each upload endpoint takes, how large, from whom, and where
 * it lands. Pure rules; the use cases apply them.
 */

export const MediaKinds = ['video', 'image', 'document'] as const;
export type MediaKind = (typeof MediaKinds)[number];

const MB = 1024 * 1024;

export interface KindRule {
  folder: 'videos' | 'images' | 'documents';
  maxBytes: number;
  /** The least role that may upload (and delete) this kind. */
  role: Role;
  /** File extension → the one content type a file of it is signed, checked and served as. */
  types: Readonly<Record<string, string>>;
  /** Large files go up as resumable sessions unless the client asks otherwise. */
  resumableByDefault: boolean;
}

export const KIND_RULES: Readonly<Record<MediaKind, KindRule>> = {
  video: {
    folder: 'videos',
    maxBytes: 500 * MB,
    role: 'instructor',
    types: {
      mp4: 'video/mp4',
      mov: 'video/quicktime',
      mkv: 'video/x-matroska',
      webm: 'video/webm',
      avi: 'video/x-msvideo',
    },
    resumableByDefault: true,
  },
  image: {
    folder: 'images',
    maxBytes: 5 * MB,
    role: 'learner',
    types: {
      jpg: 'image/jpeg',
      jpeg: 'image/jpeg',
      png: 'image/png',
      gif: 'image/gif',
      webp: 'image/webp',
    },
    resumableByDefault: false,
  },
  document: {
    folder: 'documents',
    maxBytes: 20 * MB,
    role: 'instructor',
    types: {
      pdf: 'application/pdf',
      doc: 'application/msword',
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      zip: 'application/zip',
      ppt: 'application/vnd.ms-powerpoint',
      pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    },
    resumableByDefault: false,
  },
};

/** Other names clients send for the same types (browsers differ on AVI, Matroska and JPEG). */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  'video/avi': 'video/x-msvideo',
  'video/msvideo': 'video/x-msvideo',
  'video/vnd.avi': 'video/x-msvideo',
  'video/matroska': 'video/x-matroska',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'application/x-zip-compressed': 'application/zip',
};

/** Per user: media uploads opened per hour and bytes per day (a batch is ten uploads). */
export const MEDIA_QUOTA: QuotaLimits = { uploadsPerHour: 30, bytesPerDay: 5 * 1024 * MB };
export const MAX_BATCH_FILES = 10;

export function mayUpload(caller: Caller, kind: MediaKind): boolean {
  return hasRole(caller, KIND_RULES[kind].role);
}

export function extensionOf(fileName: string): string | null {
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0 || dot === fileName.length - 1) return null;
  return fileName.slice(dot + 1).toLowerCase();
}

export type MediaPlan =
  | { ok: true; extension: string; contentType: string; folder: KindRule['folder'] }
  | { ok: false; tooLarge: boolean; details: ErrorDetail[] };

/**
 * Whether a file of this name, size and (optional) declared type may be uploaded as `kind`, and
 * as which content type. `at` is the field path prefix of the file in the request.
 */
export function planMediaFile(
  kind: MediaKind,
  file: { file_name: string; size_bytes: number; content_type?: string | undefined },
  at = '',
): MediaPlan {
  const rule = KIND_RULES[kind];
  const accepted = Object.keys(rule.types).join(', ');
  const extension = extensionOf(file.file_name);
  const contentType = extension ? rule.types[extension] : undefined;
  if (!extension || !contentType) {
    return {
      ok: false,
      tooLarge: false,
      details: [{ path: `${at}file_name`, message: `A ${kind} must be one of: ${accepted}` }],
    };
  }
  if (file.content_type !== undefined) {
    const declared = TYPE_ALIASES[file.content_type] ?? file.content_type;
    if (declared !== contentType) {
      return {
        ok: false,
        tooLarge: false,
        details: [
          {
            path: `${at}content_type`,
            message: `A .${extension} file is ${contentType}, not ${file.content_type}`,
          },
        ],
      };
    }
  }
  if (file.size_bytes > rule.maxBytes) {
    return {
      ok: false,
      tooLarge: true,
      details: [
        { path: `${at}size_bytes`, message: `A ${kind} is at most ${rule.maxBytes} bytes` },
      ],
    };
  }
  return { ok: true, extension, contentType, folder: rule.folder };
}

/** `videos/{uuid}.mp4`: a name nobody can guess or collide with, in the kind's folder. */
export function mediaObjectPath(folder: KindRule['folder'], id: string, extension: string): string {
  return `${folder}/${id}.${extension}`;
}

const OBJECT_PATTERN =
  /^(videos|images|documents)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([a-z0-9]{1,5})$/;
const KIND_OF_FOLDER = { videos: 'video', images: 'image', documents: 'document' } as const;

/** The media item an object name belongs to, or null for any other object. */
export function parseMediaObjectPath(name: string): { kind: MediaKind; id: string } | null {
  const m = OBJECT_PATTERN.exec(name);
  if (!m) return null;
  return { kind: KIND_OF_FOLDER[m[1] as keyof typeof KIND_OF_FOLDER], id: m[2] as string };
}

/** Whether an object lives under the media folders (finalize routes it to media). */
export function isMediaObject(name: string): boolean {
  return /^(videos|images|documents)\//.test(name);
}
