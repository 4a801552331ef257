import { completionFunnel } from '../../../shared/insights/funnel';
import { outline } from './outline';

describe('completion funnel', () => {
  it('lists enrolled, started, each module in outline order and completed, rated against the enrolled', () => {
    const steps = completionFunnel(outline, {
      enrolled: 10,
      started: 8,
      modules: { m1: 6, m2: 3 },
      completed: 2,
    });
    expect(
      steps.map((s) => [s.step, s.module_id, s.label, s.learners, s.rate, s.drop_off]),
    ).toEqual([
      ['enrolled', null, 'Enrolled', 10, 1, null],
      ['started', null, 'Started', 8, 0.8, 0.2],
      ['module', 'm1', 'Basics', 6, 0.6, 0.25],
      ['module', 'm2', 'Practice', 3, 0.3, 0.5],
      ['completed', null, 'Pathway completed', 2, 0.2, 0.3333],
    ]);
  });

  it('counts a module nobody completed as zero and rates nothing without enrolments', () => {
    const steps = completionFunnel(outline, { enrolled: 0, started: 0, modules: {}, completed: 0 });
    expect(steps.map((s) => s.learners)).toEqual([0, 0, 0, 0, 0]);
    expect(steps.every((s) => s.rate === null)).toBe(true);
    expect(steps.slice(1).every((s) => s.drop_off === null)).toBe(true);
  });

  it('shows a negative drop-off when a later module was completed by more learners', () => {
    const steps = completionFunnel(outline, {
      enrolled: 4,
      started: 4,
      modules: { m1: 1, m2: 2 },
      completed: 1,
    });
    expect(steps[3]?.drop_off).toBe(-1);
  });
});
