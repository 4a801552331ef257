import type { PathwayDoc } from './model';
import type { CatalogRepository } from './repository';

export interface PathwayCacheOptions {
  /** How long a cached pathway's status and staff are trusted before they are read again. */
  ttlMs?: number;
  /** Pathways kept per instance; the least recently used one goes first. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  doc: PathwayDoc;
  readAt: number;
}

/** A pathway's status and staff are re-read at most this often on a busy instance. */
export const PATHWAY_CACHE_TTL_MS = 10_000;

/**
 * Pathways as this instance last read them, for the progress request path. What it may serve
 * stale is bounded two ways: the outline is checked against the enrollment inside each progress
 * transaction (an enrollment computed against a newer `outline_version` refreshes the entry and
 * retries, see `EnrollmentWriter`), and the status and staff, which no transaction checks, are
 * trusted for at most `ttlMs`. Reading a pathway also teaches the repository which pathway each
 * of its resources belongs to, so a pathway's resources cost no lookups after the first.
 */
export class PathwayCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly repo: CatalogRepository,
    options: PathwayCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? PATHWAY_CACHE_TTL_MS;
    this.maxEntries = options.maxEntries ?? 200;
    this.now = options.now ?? Date.now;
  }

  /** The cached pathway if it was read within the TTL, else a fresh read. */
  async get(id: string): Promise<PathwayDoc | undefined> {
    const entry = this.entries.get(id);
    if (entry && this.now() - entry.readAt < this.ttlMs) {
      this.entries.delete(id);
      this.entries.set(id, entry);
      return entry.doc;
    }
    return this.refresh(id);
  }

  /** Reads the pathway now and keeps it (or forgets it when it no longer exists). */
  async refresh(id: string): Promise<PathwayDoc | undefined> {
    const doc = await this.repo.pathway(id);
    if (doc) this.remember(id, doc);
    else this.entries.delete(id);
    return doc;
  }

  /**
   * Keeps a pathway read elsewhere (e.g. inside a transaction). An older outline never replaces
   * a newer one: reads that raced an outline change may finish in any order.
   */
  remember(id: string, doc: PathwayDoc): void {
    const held = this.entries.get(id);
    if (held && held.doc.outline_version > doc.outline_version) return;
    this.entries.delete(id);
    this.entries.set(id, { doc, readAt: this.now() });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    for (const module of doc.outline.modules) {
      for (const resource of module.resources) this.repo.remember(resource.resource_id, id);
    }
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}
