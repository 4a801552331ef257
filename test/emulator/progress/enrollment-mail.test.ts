import { enrollmentId } from '../../../shared/progress/model';
import { api } from '../../helpers/api';
import { createUser } from '../../helpers/auth';
import { buildPathway } from '../../helpers/catalog';
import { mailDocument, waitForSink } from '../../helpers/mail';

/** Enrolling mails the confirmation once, through the learner's preferences. */
describe('enrollment confirmation mail', () => {
  it('mails the pathway facts once, however often and concurrently the learner enrols', async () => {
    const instructor = await createUser('instructor');
    const tree = await buildPathway(
      instructor.token,
      [
        { resources: [{ type: 'article' }, { type: 'video' }] },
        { resources: [{ type: 'article' }] },
      ],
      { publish: true },
    );
    const learner = await createUser('learner');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        api(learner.token).post(`/api/v1/pathways/${tree.pathwayId}/enroll`),
      ),
    );
    expect(answers.every((a) => a.status === 200 || a.status === 201)).toBe(true);
    const key = {
      type: 'enrollment_confirmation',
      user_id: learner.uid,
      entity: { collection: 'enrollments' as const, id: enrollmentId(learner.uid, tree.pathwayId) },
      period: null,
    };
    const mail = await mailDocument(key);
    expect(mail).toMatchObject({ to: learner.email, pathwise: { category: 'learning_activity' } });
    expect(mail?.message.text).toContain('2 modules · 3 resources');
    expect(mail?.message.text).toContain(`taught by ${instructor.name}`);
    expect(mail?.headers['List-Unsubscribe']).toMatch(/unsubscribe\?token=/);
    const received = await waitForSink(learner.email);
    expect(received).toHaveLength(1);
    expect(received[0]?.subject).toBe(mail?.message.subject);
  });

  it('sends nothing to a learner who switched enrolment updates off', async () => {
    const instructor = await createUser('instructor');
    const tree = await buildPathway(instructor.token, [{ resources: [{ type: 'article' }] }], {
      publish: true,
    });
    const learner = await createUser('learner');
    await api(learner.token).patch('/api/v1/users/me/notifications', {
      categories: { learning_activity: false },
    });
    await api(learner.token).post(`/api/v1/pathways/${tree.pathwayId}/enroll`);
    expect(
      await mailDocument({
        type: 'enrollment_confirmation',
        user_id: learner.uid,
        entity: { collection: 'enrollments', id: enrollmentId(learner.uid, tree.pathwayId) },
        period: null,
      }),
    ).toBeUndefined();
  });
});
