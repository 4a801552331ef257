import { api } from '../../../helpers/api';
import { createUser, type TestUser } from '../../../helpers/auth';
import { buildPathway, type Tree } from '../../../helpers/catalog';
import { finalizedEvent } from '../../../helpers/events';
import { fileBytes } from '../../../helpers/files';
import { db, submissionsBucket } from '../../../helpers/services';
import { openUpload, put, settled, submission } from '../../submissions/fixture';
import { redeliver, redispatch, type Scenario } from './scenario';
import { reservedIds } from '../../../helpers/quotas';

/** A published pathway whose exercise takes a PNG, built once for both submission scenarios. */
let pathway: Promise<{ tree: Tree; exercise: string }> | undefined;

function uploadPathway() {
  pathway ??= (async () => {
    const instructor = await createUser('instructor', 'dup-uploads');
    const tree = await buildPathway(
      instructor.token,
      [
        {
          resources: [
            {
              type: 'exercise',
              requires_upload: true,
              accepted_file_types: ['image/png'],
              max_file_size_mb: 5,
            },
          ],
        },
      ],
      { publish: true },
    );
    return { tree, exercise: tree.modules[0]?.resources[0] as string };
  })();
  return pathway;
}

async function enrolled(): Promise<{ learner: TestUser; exercise: string }> {
  const { tree, exercise } = await uploadPathway();
  const learner = await createUser('learner', 'dup-uploads');
  const enrolment = await api(learner.token).post(`/api/v1/pathways/${tree.pathwayId}/enroll`);
  if (enrolment.status !== 201) throw new Error(`enroll: ${enrolment.status}`);
  return { learner, exercise };
}

function open(learner: TestUser, exercise: string, size: number) {
  return openUpload(learner, exercise, {
    file_name: 'board.png',
    content_type: 'image/png',
    size_bytes: size,
  });
}

/** Uploads a PNG through its signed URL and returns the finalize event its object makes. */
async function uploaded(learner: TestUser, exercise: string) {
  const bytes = fileBytes('png', 2048);
  const opened = await open(learner, exercise, bytes.length);
  if ((await put(opened.body.upload, bytes)).status !== 200) throw new Error('upload failed');
  const doc = await settled(opened.body.submission_id);
  const [metadata] = await submissionsBucket().file(doc.object_path).getMetadata();
  return finalizedEvent({ ...metadata, bucket: doc.bucket, name: doc.object_path });
}

async function learnerState(learner: TestUser, exercise: string) {
  const submissions = await db()
    .collection('submissions')
    .where('user_id', '==', learner.uid)
    .get();
  const progress = await api(learner.token).get(`/api/v1/users/me/resources/${exercise}/progress`);
  return {
    submissions: submissions.docs
      .map((d) => `${d.data().status}:${d.data().attempt_number ?? '-'}`)
      .sort(),
    progress: { status: progress.body.status, submission_count: progress.body.submission_count },
    reservations: (await reservedIds(learner.uid, 'submissions')).length,
  };
}

export const onSubmissionUploaded: Scenario = {
  async prepare() {
    const { learner, exercise } = await enrolled();
    const first = await uploaded(learner, exercise);
    let later: ReturnType<typeof finalizedEvent> | undefined;
    return {
      deliver: redeliver('onSubmissionUploaded', first),
      async deliverLater() {
        later ??= await uploaded(learner, exercise);
        return redeliver('onSubmissionUploaded', later)();
      },
      observe: () => learnerState(learner, exercise),
    };
  },
};

export const expireUpload: Scenario = {
  async prepare() {
    const { learner, exercise } = await enrolled();
    const first = await open(learner, exercise, 1000);
    const later = await open(learner, exercise, 1000);
    return {
      deliver: redispatch('expireUpload', { submission_id: first.body.submission_id }),
      deliverLater: redispatch('expireUpload', { submission_id: later.body.submission_id }),
      async observe() {
        // Only the first upload: the other expires on its own once its URL's lifetime is over.
        const id = first.body.submission_id as string;
        return {
          status: (await submission(id)).status,
          reserved: (await reservedIds(learner.uid, 'submissions')).includes(id),
        };
      },
    };
  },
};
