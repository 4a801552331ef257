import { Timestamp } from 'firebase-admin/firestore';
import type { OutlineResource } from '../../../shared/catalog/model';
import type { AppError } from '../../../shared/errors';

/** Outline entries and times shared by the progress unit tests. */
export const t = (minutes: number) => Timestamp.fromMillis(Date.UTC(2026, 0, 1) + minutes * 60_000);
export const video: OutlineResource = {
  resource_id: 'v',
  type: 'video',
  title: 'V',
  required: true,
  duration_minutes: 10,
  requires_upload: false,
};
export const exercise: OutlineResource = {
  ...video,
  resource_id: 'e',
  type: 'exercise',
  requires_upload: true,
};
export const quizEntry: OutlineResource = { ...video, resource_id: 'q', type: 'quiz' };
export const article: OutlineResource = { ...video, resource_id: 'a', type: 'article' };

export function failure(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a failure');
}
