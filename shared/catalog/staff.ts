import type { z } from 'zod';
import type { Caller } from '../auth';
import { invalidArgument, permissionDenied } from '../errors';
import type { NoInput, PathwayParams } from '../schemas/params';
import { isoRequired } from '../time';
import type { RequestContext, ResponseOf } from '../use-case';
import type { UserDirectory } from '../users/directory';
import type { PathwayAccess } from './access';
import type { PathwayDoc, PathwayStaffMember } from './model';
import type { PathwayWriter } from './pathway-writer';
import type { StaffBodySchema, StaffResponseSchema } from './schemas';

type StaffResponse = ResponseOf<typeof StaffResponseSchema>;

/**
 * A pathway's staff: co-instructors (edit and review) and reviewers (review, and act for its
 * learners). The owner and admins decide who; only instructors can be listed.
 */
export class PathwayStaff {
  constructor(
    private readonly access: PathwayAccess,
    private readonly writer: PathwayWriter,
    private readonly directory: UserDirectory,
  ) {}

  private async view(pathwayId: string, pathway: PathwayDoc): Promise<StaffResponse> {
    const staff = pathway.staff ?? [];
    const contacts = await this.directory.contacts(staff.map((m) => m.uid));
    return {
      pathway_id: pathwayId,
      owner_uid: pathway.owner_uid,
      staff: staff.map((m) => ({
        uid: m.uid,
        role: m.role,
        email: contacts.get(m.uid)?.email ?? null,
        added_by: m.added_by,
        added_at: isoRequired(m.added_at),
      })),
    };
  }

  async get(
    caller: Caller,
    params: PathwayParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<StaffResponse> {
    const pathway = await this.access.visible(caller, params.pathway_id);
    return this.view(params.pathway_id, pathway);
  }

  async replace(
    caller: Caller,
    params: PathwayParams,
    body: z.output<typeof StaffBodySchema>,
    ctx: RequestContext,
  ): Promise<StaffResponse> {
    const pathwayId = params.pathway_id;
    const people = await this.directory.contacts(body.staff.map((m) => m.uid));
    body.staff.forEach((member, i) => {
      const person = people.get(member.uid);
      if (!person || person.role === 'learner') {
        throw invalidArgument('Only existing instructors can be pathway staff', [
          { path: `staff.${i}.uid`, message: person ? 'Not an instructor' : 'No such user' },
        ]);
      }
    });
    const updated = await this.writer.write(caller, pathwayId, ctx, async (_tx, pathway, now) => {
      if (caller.role !== 'admin' && pathway.owner_uid !== caller.uid)
        throw permissionDenied('Only the pathway owner or an admin chooses its staff');
      const before = new Map((pathway.staff ?? []).map((m) => [m.uid, m]));
      const staff: PathwayStaffMember[] = body.staff
        .filter((m) => m.uid !== pathway.owner_uid)
        .map((m) => {
          const kept = before.get(m.uid);
          return kept && kept.role === m.role
            ? kept
            : { uid: m.uid, role: m.role, added_by: caller.uid, added_at: now };
        });
      return {
        pathwayUpdate: { staff, staff_uids: staff.map((m) => m.uid) },
        result: (p) => p,
      };
    });
    return this.view(pathwayId, updated);
  }
}
