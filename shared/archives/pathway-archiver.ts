import type { Timestamp, Transaction } from 'firebase-admin/firestore';
import { log, LogEvent } from '../log';
import type { ArchivedMark, PathwayArchiveDoc } from './model';
import type { ArchivesRepository } from './repository';

/** What the catalog knows of the pathway it deletes. */
export interface DeletedPathway {
  pathwayId: string;
  title: string;
  ownerUid: string;
  outline: unknown;
  outlineVersion: number;
  deletedModules: number;
  deletedResources: number;
}

/**
 * Deleting a pathway archives what depends on it instead of orphaning it: the archive record is
 * written in the transaction that deletes the pathway, then every enrollment and submission of
 * the pathway is marked with it, page by page. A delete that stops half-way leaves the archive
 * `archiving`; deleting the (gone) pathway again finishes the marking.
 */
export class PathwayArchiver {
  constructor(private readonly repo: ArchivesRepository) {}

  record(tx: Transaction, pathway: DeletedPathway, deletedBy: string, now: Timestamp): void {
    const doc: PathwayArchiveDoc = {
      pathway_id: pathway.pathwayId,
      title: pathway.title,
      owner_uid: pathway.ownerUid,
      outline: pathway.outline,
      outline_version: pathway.outlineVersion,
      deleted_at: now,
      deleted_by: deletedBy,
      deleted_modules: pathway.deletedModules,
      deleted_resources: pathway.deletedResources,
      state: 'archiving',
      enrollments: null,
      submissions: null,
      archived_at: null,
    };
    this.repo.txCreate(tx, doc);
  }

  /** The archive of a deleted pathway, if there is one. */
  archive(pathwayId: string): Promise<PathwayArchiveDoc | undefined> {
    return this.repo.get(pathwayId);
  }

  /** Marks the pathway's enrollments and submissions; safe to run again. */
  async markDependents(
    archive: PathwayArchiveDoc,
  ): Promise<{ enrollments: number; submissions: number }> {
    const mark: ArchivedMark = {
      pathway_id: archive.pathway_id,
      pathway_title: archive.title,
      deleted_at: archive.deleted_at,
      deleted_by: archive.deleted_by,
    };
    const [enrollments, submissions] = await Promise.all([
      this.repo.markAll('enrollments', mark),
      this.repo.markAll('submissions', mark),
    ]);
    await this.repo.finish(archive.pathway_id, { enrollments, submissions });
    log.info(LogEvent.pathwayArchived, 'Deleted pathway archived with its dependents', {
      pathway_id: archive.pathway_id,
      enrollments,
      submissions,
    });
    return { enrollments, submissions };
  }
}
