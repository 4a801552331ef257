import { certificateMailId } from '../../../shared/certificates/notices';
import { Topics } from '../../../shared/triggers';
import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import {
  accounts,
  deliverEvent,
  deliverUntilSettled,
  forgedTokens,
  pubsubEvent,
  stackToken,
} from '../../helpers/events';
import { testServices } from '../../helpers/services';
import {
  certificatePathway,
  certificatesOf,
  completeAll,
  completionEvent,
  enrollment,
  issuedCertificate,
  learnerNamed,
  mailTo,
  r,
} from './fixture';

let instructor: TestUser;

beforeAll(async () => {
  instructor = await createUser('instructor');
});

describe('issuance from progress events', () => {
  it('issues exactly one certificate when the last resource is completed, under 50 concurrent duplicate events, and mails once', async () => {
    const tree = await certificatePathway(instructor);
    const learner = await learnerNamed('Ada Byron');
    const [first, last] = tree.modules[0]?.resources as [string, string];
    await api(learner.token).post(`${r(first)}/complete`);
    expect((await enrollment(learner.uid, tree.pathwayId)).certificate).toBeUndefined();

    // The completion publishes pathway_completed, which the stack's function receives by push;
    // meanwhile the same event arrives 50 times at once, as Eventarc delivers it (the trigger
    // invoker's token), as redeliveries to other instances would. A delivery that finds the
    // claim held answers 503 at once and is redelivered with backoff, as Pub/Sub does.
    await api(learner.token).post(`${r(last)}/complete`);
    const event = await completionEvent(learner.uid, tree.pathwayId);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        deliverEvent('issueCertificates', pubsubEvent(Topics.progressEvents, event)),
      ),
    );
    expect(answers.every((d) => d.status === 204 || d.status === 503)).toBe(true);
    const deliveries = await Promise.all(
      answers.map((d) =>
        d.status === 503
          ? deliverUntilSettled('issueCertificates', pubsubEvent(Topics.progressEvents, event))
          : d,
      ),
    );
    expect(deliveries.map((d) => d.status)).toEqual(Array(50).fill(204));
    const id = await issuedCertificate(learner.uid, tree.pathwayId);

    const issued = await certificatesOf(learner.uid, tree.pathwayId);
    expect(issued.map((c) => c.certificate_id)).toEqual([id]);
    expect(issued[0]).toMatchObject({
      learner_name: 'Ada Byron',
      pathway_title: `Pathway ${tree.pathwayId}`,
      instructor_line: `Instructor: ${instructor.name}`,
      duration_minutes: 20,
      supersedes: null,
      revoked_at: null,
    });
    const mail = await mailTo(learner.email);
    expect(mail.map((m) => m.id)).toEqual([
      certificateMailId('course_completion', learner.uid, id),
    ]);
    expect(mail[0]?.data.message.text).toContain(issued[0]?.verification_url);
    // One attempt, one PDF: no stray objects from workers that stood back.
    const [objects] = await testServices().clients.certificatesBucket.getFiles({
      prefix: `certificates/${id}/`,
    });
    expect(objects.map((o) => o.name)).toEqual([issued[0]?.pdf_object_path]);

    // The enrollment shows it (seed 003: status completed, certificate_url).
    const summary = await api(learner.token).get(
      `/api/v1/users/me/enrollments/${tree.pathwayId}/summary`,
    );
    expect(summary.body).toMatchObject({
      enrollment_id: `${learner.uid}_${tree.pathwayId}`,
      status: 'completed',
      certificate_id: id,
      certificate_url: issued[0]?.verification_url,
    });
  });

  it('ignores events that cannot earn a certificate, and learners who are not eligible', async () => {
    const tree = await certificatePathway(instructor, [
      { resources: [{ type: 'video' }, { type: 'quiz' }] },
    ]);
    const learner = await learnerNamed('Grace Hopper');
    const [video, quiz] = tree.modules[0]?.resources as [string, string];
    await api(learner.token).post(`${r(video)}/complete`);
    // A pathway_completed that is not true (yet) issues nothing, and is acknowledged.
    const untrue = await deliverEvent(
      'issueCertificates',
      pubsubEvent(Topics.progressEvents, await completionEvent(learner.uid, tree.pathwayId)),
    );
    expect(untrue.status).toBe(204);
    expect((await enrollment(learner.uid, tree.pathwayId)).certificate).toBeUndefined();
    await api(learner.token).post(`${r(quiz)}/quiz-attempts`, { score: 62, max_score: 100 });
    expect(await certificatesOf(learner.uid, tree.pathwayId)).toEqual([]);
  });

  it('issues nothing for a caller without the trigger invoker token, and issues for Eventarc', async () => {
    // Rules that an enrolled learner meets at once: no progress event issues it by itself.
    const tree = await certificatePathway(instructor, undefined, {
      all_required_resources: false,
      all_quizzes_passed: false,
      min_average_quiz_score: 0,
    });
    const learner = await learnerNamed('Radia Perlman');
    await api(learner.token).post(`/api/v1/pathways/${tree.pathwayId}/enroll`);
    const event = pubsubEvent(
      Topics.progressEvents,
      await completionEvent(learner.uid, tree.pathwayId),
    );
    const forged = await forgedTokens('issueCertificates', accounts.triggerInvoker());
    const refused = [
      { what: 'no token', token: null, status: 401 },
      { what: 'a self-signed token', token: forged.selfSigned, status: 401 },
      { what: 'an unsigned token', token: forged.unsigned, status: 401 },
      {
        what: 'the tasks invoker',
        token: await stackToken('issueCertificates', { email: accounts.tasksInvoker() }),
        status: 403,
      },
    ];
    for (const attempt of refused) {
      const answer = await deliverEvent('issueCertificates', event, { token: attempt.token });
      expect({ what: attempt.what, status: answer.status }).toEqual({
        what: attempt.what,
        status: attempt.status,
      });
    }
    expect(await certificatesOf(learner.uid, tree.pathwayId)).toEqual([]);

    expect((await deliverEvent('issueCertificates', event)).status).toBe(204);
    expect(await certificatesOf(learner.uid, tree.pathwayId)).toHaveLength(1);
  });
});

describe('issuance on request', () => {
  it('answers an ineligible request with 409 listing every unmet rule and why', async () => {
    const tree = await certificatePathway(instructor, [
      { resources: [{ type: 'video' }, { type: 'video' }, { type: 'quiz' }] },
    ]);
    const learner = await learnerNamed('Alan Turing');
    const [video, , quiz] = tree.modules[0]?.resources as [string, string, string];
    await api(learner.token).post(`${r(video)}/complete`);
    await api(learner.token).post(`${r(quiz)}/quiz-attempts`, { score: 62, max_score: 100 });

    const path = `/api/v1/users/me/pathways/${tree.pathwayId}/certificate`;
    const refused = await api(learner.token).post(path);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('failed_precondition');
    expect(refused.body.error.details).toEqual([
      {
        path: `all_required_resources.${tree.modules[0]?.id}`,
        message: expect.stringMatching(/1 of 3 required resources completed; not done yet: /),
      },
      { path: `all_quizzes_passed.${quiz}`, message: `quiz ${quiz}: best 62% < 70%` },
    ]);

    const eligibility = await api(learner.token).get(`${path}-eligibility`);
    expect(eligibility.body).toMatchObject({
      pathway_id: tree.pathwayId,
      eligible: false,
      certificate: null,
      unmet: [
        { rule: 'all_required_resources', subject: tree.modules[0]?.id },
        { rule: 'all_quizzes_passed', subject: quiz, reason: `quiz ${quiz}: best 62% < 70%` },
      ],
    });
    expect(eligibility.body.rules.map((rule: { rule: string }) => rule.rule)).toEqual([
      'all_required_resources',
      'all_quizzes_passed',
      'min_average_quiz_score',
      'all_submissions_approved',
    ]);
    expect(await certificatesOf(learner.uid, tree.pathwayId)).toEqual([]);
  });

  it('issues on request (201), then answers with the same certificate (200), at both seed 003 paths', async () => {
    const tree = await certificatePathway(instructor, undefined, {
      all_required_resources: true,
      valid_for_days: 365,
    });
    const learner = await learnerNamed('Katherine Johnson');
    const other = await createUser('learner');
    // Seed 003 asks by enrollment; nobody else's enrollment exists for the caller.
    const enrollmentId = `${learner.uid}_${tree.pathwayId}`;
    const tooEarly = await api(learner.token).post(`/certificates/generate/${enrollmentId}`);
    expect(tooEarly.status).toBe(409);

    await completeAll(learner, tree);
    const id = await issuedCertificate(learner.uid, tree.pathwayId);
    const again = await api(learner.token).post(`/api/v1/certificates/generate/${enrollmentId}`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ certificate_id: id, created: false, state: 'valid' });
    const days =
      (Date.parse(again.body.valid_until) - Date.parse(again.body.issued_at)) / 86_400_000;
    expect(days).toBe(365);
    const asked = await api(learner.token).post(
      `/api/v1/users/me/pathways/${tree.pathwayId}/certificate`,
    );
    expect(asked.body).toMatchObject({ certificate_id: id, created: false });
    expect((await api(other.token).post(`/certificates/generate/${enrollmentId}`)).status).toBe(
      404,
    );
    expect(await certificatesOf(learner.uid, tree.pathwayId)).toHaveLength(1);
  });

  it('issues on request when switched-off rules leave only an approval to wait for', async () => {
    const tree = await certificatePathway(
      instructor,
      [{ resources: [{ type: 'video' }, { type: 'video' }] }],
      { all_required_resources: false, all_quizzes_passed: false, min_average_quiz_score: 0 },
    );
    const learner = await learnerNamed('Emmy Noether');
    // No required quiz and no required submission: nothing to wait for.
    const created = await api(learner.token).post(
      `/api/v1/users/me/pathways/${tree.pathwayId}/certificate`,
    );
    expect(created.status).toBe(409);
    expect(created.body.error.message).toMatch(/Not enrolled/);
    await api(learner.token).post(`/api/v1/pathways/${tree.pathwayId}/enroll`);
    const issued = await api(learner.token).post(
      `/api/v1/users/me/pathways/${tree.pathwayId}/certificate`,
    );
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ created: true, learner_name: 'Emmy Noether' });
  });
});
