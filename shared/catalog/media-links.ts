import type { Caller } from '../auth';

/**
 * A resource's `url` may be an item of the media library (`media_id`): the library says whether
 * the caller may attach it and which URL learners read it at. The media feature implements it.
 */
export interface MediaLinks {
  /** The URL a resource stores for the item; throws when it cannot be attached (4xx). */
  urlFor(caller: Caller, mediaId: string, path: string): Promise<string>;
}
