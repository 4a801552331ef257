import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import {
  AssessmentSchema,
  attemptBeliefs,
  scoreAttempt,
  selectNextQuestion,
  type Assessment,
} from '../../../shared/learner/assessments';
import { learnerEvent, type Response } from '../../../shared/learner/events';
import { guessingOf } from '../../../shared/learner/skills';
import {
  calculateSkillFromHistory,
  forget,
  knowledgeGaps,
  levelOf,
  MODEL,
  observe,
  observeEvent,
  probabilityCorrect,
  processDiagnosticAssessment,
  skillLevelAt,
  update,
  type SkillEstimate,
} from '../../../shared/learner/estimator';

/** The simulation's figures belong in the test output (the issue asks for them). */
function report(line: string): void {
  // eslint-disable-next-line no-console -- printing the measured figure is this test's job
  console.log(line);
}

type Rng = () => number;
function rng(seed: number): Rng {
  const generator = xoroshiro128plus(seed);
  return () => uniformFloat64(generator);
}

/** A bank of questions at every half level, `perDifficulty` at each, all on one skill. */
function bank(
  mode: 'fixed' | 'adaptive',
  options: number,
  correct: number[],
  perDifficulty = 2,
  maxQuestions = 10,
) {
  const questions = [];
  for (let d = 1; d <= 10; d += 0.5) {
    for (let k = 0; k < perDifficulty; k += 1) {
      questions.push({
        id: `q${d * 10}-${k}`,
        prompt: `Question at ${d}`,
        options: Array.from({ length: options }, (_, i) => `option ${i}`),
        correct,
        skills: ['python'],
        difficulty: d,
      });
    }
  }
  return AssessmentSchema.parse({
    id: 'python-diagnostic',
    title: 'Python',
    mode,
    max_questions: maxQuestions,
    questions,
  });
}

/** One simulated diagnostic: a learner of true ability θ answers as the response model says. */
function simulate(assessment: Assessment, ability: number, random: Rng, fixedIds?: string[]) {
  const asked: string[] = [];
  const answers: Record<string, number[]> = {};
  const responses: Response[] = [];
  for (let n = 0; n < assessment.max_questions; n += 1) {
    const question = fixedIds
      ? assessment.questions.find((q) => q.id === fixedIds[n])!
      : selectNextQuestion(assessment, attemptBeliefs({}, responses), asked)!;
    const guessing = guessingOf(question.options.length, question.correct.length);
    const right =
      random() < probabilityCorrect(ability, { difficulty: question.difficulty, guessing });
    asked.push(question.id);
    answers[question.id] = right ? question.correct : [question.correct[0] === 0 ? 1 : 0];
    responses.push({
      question_id: question.id,
      correct: right,
      skills: question.skills,
      difficulty: question.difficulty,
      guessing,
    });
  }
  return { asked, answers };
}

/** Share of learners whose estimated band is within ±1 of their true band after 10 items. */
function recovery(assessment: Assessment, seed: number, fixedIds?: string[]) {
  const random = rng(seed);
  let within = 0;
  const learners = 1000;
  for (let i = 0; i < learners; i += 1) {
    const ability = 0.5 + random() * 10;
    const { asked, answers } = simulate(assessment, ability, random, fixedIds);
    const scored = scoreAttempt(
      assessment,
      answers,
      assessment.mode === 'adaptive' ? asked : undefined,
    );
    const event = learnerEvent({
      user_id: `sim-${i}`,
      kind: 'assessment_attempted',
      occurred_at: '2026-01-01T00:00:00Z',
      source: { type: 'assessment', id: `a-${i}` },
      data: {
        assessment_id: assessment.id,
        attempt_id: `a-${i}`,
        title: assessment.title,
        score: scored.score,
        max_score: scored.max_score,
        percentage: scored.percentage,
        responses: scored.responses,
        target_levels: {},
      },
    });
    const result = processDiagnosticAssessment({}, event, [], new Date('2026-01-01T00:00:00Z'));
    const estimated = result.skill_levels.python!.level;
    if (Math.abs(estimated - levelOf(ability)) <= 1) within += 1;
  }
  return within / learners;
}

describe('estimator on 1,000 simulated learners with known ability', () => {
  it('adaptive diagnostic, multi-select questions: ≥ 90% within ±1 band after 10 items', () => {
    const share = recovery(bank('adaptive', 5, [1, 3]), 20260102);
    report(
      `adaptive, 2-of-5 multi-select (guessing 3%): ${(share * 100).toFixed(1)}% of 1,000 learners within ±1 band after 10 items`,
    );
    expect(share).toBeGreaterThanOrEqual(0.9);
  });

  // Lucky guesses on 4-option questions cost information: about 90% (88–92% across seeds) is
  // what 10 such answers can tell; more questions, or questions that are harder to guess, help.
  it('adaptive diagnostic, 4-option single-answer questions: about 90% after 10 items', () => {
    const share = recovery(bank('adaptive', 4, [2]), 20260101);
    report(`adaptive, 4 options (guessing 25%): ${(share * 100).toFixed(1)}% within ±1 band`);
    expect(share).toBeGreaterThanOrEqual(0.87);
  });

  it('adaptive diagnostic, 4-option questions, 15 items: ≥ 90%', () => {
    const share = recovery(bank('adaptive', 4, [2], 2, 15), 20260104);
    report(`adaptive, 4 options, 15 items: ${(share * 100).toFixed(1)}% within ±1 band`);
    expect(share).toBeGreaterThanOrEqual(0.9);
  });

  it('fixed 10-question form (one per level) for comparison', () => {
    const assessment = bank('fixed', 4, [2], 1);
    const fixed = AssessmentSchema.parse({
      ...assessment,
      questions: assessment.questions.filter((q) => Number.isInteger(q.difficulty)),
    });
    const share = recovery(
      fixed,
      20260103,
      fixed.questions.map((q) => q.id),
    );
    report(
      `fixed form, 10 questions at levels 1–10, 4 options: ${(share * 100).toFixed(1)}% within ±1 band`,
    );
    expect(share).toBeGreaterThan(0.7);
  });
});

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
const iso = (n: number) => day(n).toISOString();
const item = (correct: boolean, difficulty: number) => ({ correct, difficulty, guessing: 0 });

function practised(sessions: number, rightAt = 7): SkillEstimate {
  let estimate: SkillEstimate | undefined;
  for (let s = 0; s < sessions; s += 1) {
    estimate = observe(
      estimate,
      'sql',
      [
        item(true, rightAt - 1),
        item(true, rightAt),
        item(false, rightAt + 1.5),
        item(true, rightAt - 0.5),
      ],
      `e${s}`,
      iso(s),
    );
  }
  return estimate as SkillEstimate;
}

describe('update', () => {
  it('moves up on a right answer, down on a wrong one, more when the answer surprises', () => {
    const belief = { mean: 5, variance: 2 };
    const easyRight = update(belief, item(true, 2));
    const hardRight = update(belief, item(true, 8));
    const hardWrong = update(belief, item(false, 8));
    const easyWrong = update(belief, item(false, 2));
    expect(hardRight.mean - belief.mean).toBeGreaterThan(easyRight.mean - belief.mean);
    expect(easyRight.mean).toBeGreaterThan(belief.mean);
    expect(belief.mean - easyWrong.mean).toBeGreaterThan(belief.mean - hardWrong.mean);
    expect(hardWrong.mean).toBeLessThan(belief.mean);
    for (const b of [easyRight, hardRight, hardWrong, easyWrong])
      expect(b.variance).toBeLessThan(2);
  });

  it('trusts a right answer less when it could have been a lucky guess', () => {
    const belief = { mean: 5, variance: 2 };
    const certain = update(belief, { correct: true, difficulty: 7, guessing: 0 });
    const guessable = update(belief, { correct: true, difficulty: 7, guessing: 0.25 });
    expect(certain.mean).toBeGreaterThan(guessable.mean);
    expect(guessable.mean).toBeGreaterThan(belief.mean);
  });
});

describe('forgetting', () => {
  it('lowers an unpractised skill over time, and makes it less certain', () => {
    const estimate = practised(1);
    const reads = [0, 30, 90, 180, 365, 3650].map((d) => skillLevelAt(estimate, day(d)));
    for (let i = 1; i < reads.length; i += 1) {
      expect(reads[i]!.ability).toBeLessThan(reads[i - 1]!.ability);
      expect(reads[i]!.uncertainty).toBeGreaterThanOrEqual(reads[i - 1]!.uncertainty);
    }
    expect(reads[reads.length - 1]!.level).toBeLessThan(reads[0]!.level);
    expect(reads[0]!.forgotten_levels).toBe(0);
    expect(reads[3]!.explanation).toMatch(
      /Lowered by \d\.\d levels?: not practised for 180 days\./,
    );
  });

  it('never takes more than 30% of the ability above level 1', () => {
    const estimate = practised(1);
    const decades = forget(estimate, iso(36_500));
    expect(decades.mean - 1).toBeCloseTo((estimate.mean - 1) * MODEL.retainedFloor, 3);
  });

  it('is slower for a skill practised in more sessions (spacing)', () => {
    const once = practised(1);
    const often = practised(6);
    const lossOnce = forget(once, iso(120)).forgotten / (once.mean - 1);
    const lossOften =
      forget(often, new Date(Date.parse(often.last_practised_at) + 120 * 86_400_000).toISOString())
        .forgotten /
      (often.mean - 1);
    expect(lossOften).toBeLessThan(lossOnce);
  });

  it('is applied before new practice: the same answers after a long pause end lower', () => {
    const estimate = practised(1);
    const next = [item(true, 6)];
    const soon = observe(estimate, 'sql', next, 'x', iso(1));
    const late = observe(estimate, 'sql', next, 'x', iso(400));
    expect(late.mean).toBeLessThan(soon.mean);
  });
});

describe('skill levels with evidence and explanation', () => {
  it('keeps counts over the whole history and the most recent 20 event ids', () => {
    const estimate = practised(25);
    expect(estimate.sessions).toBe(25);
    expect(estimate.answers).toBe(100);
    expect(estimate.correct).toBe(75);
    expect(estimate.evidence).toHaveLength(20);
    expect(estimate.evidence[0]).toBe('e5');
    expect(estimate.evidence[19]).toBe('e24');
    const level = skillLevelAt(estimate, day(24));
    expect(level.evidence_event_ids).toEqual(estimate.evidence);
    expect(level.explanation).toMatch(
      /^Level \d+ in sql \(ability \d+\.\d ± \d\.\d\): 75 of 100 answers right over 25 sessions, hardest right answer at difficulty 7, easiest miss at difficulty 8\.5; \d+% likely between \d+ and \d+\.$/,
    );
    expect(level.confidence).toBeGreaterThan(0.9);
  });

  it('confidence grows with evidence', () => {
    const one = skillLevelAt(practised(1), day(1));
    const many = skillLevelAt(practised(8), day(8));
    expect(many.confidence).toBeGreaterThan(one.confidence);
    expect(many.uncertainty).toBeLessThan(one.uncertainty);
  });
});

function assessmentEvent(
  id: string,
  at: string,
  responses: Response[],
  targets: Record<string, number> = {},
) {
  return learnerEvent({
    user_id: 'u1',
    kind: 'assessment_attempted',
    occurred_at: at,
    source: { type: 'assessment', id },
    data: {
      assessment_id: 'backend',
      attempt_id: id,
      title: 'Backend diagnostic',
      score: responses.filter((r) => r.correct).length,
      max_score: responses.length,
      percentage: 50,
      responses,
      target_levels: targets,
    },
  });
}

const r = (id: string, skills: string[], correct: boolean, difficulty: number): Response => ({
  question_id: id,
  skills,
  correct,
  difficulty,
  guessing: 0.25,
});

describe('processDiagnosticAssessment', () => {
  it('returns every assessed skill’s level and the gaps against the assessment and goal targets', () => {
    const event = assessmentEvent(
      'att-1',
      iso(0),
      [
        r('q1', ['python'], true, 3),
        r('q2', ['python'], true, 5),
        r('q3', ['python', 'sql'], true, 6),
        r('q4', ['sql'], false, 4),
        r('q5', ['sql'], false, 3),
        r('q6', ['async_programming'], false, 2),
      ],
      { python: 4 },
    );
    const result = processDiagnosticAssessment(
      {},
      event,
      [{ skill_id: 'sql', target_level: 7, source: 'goal "Backend developer"' }],
      day(0),
    );
    expect(Object.keys(result.skill_levels)).toEqual(['async_programming', 'python', 'sql']);
    expect(result.skill_levels.python!.level).toBeGreaterThanOrEqual(5);
    expect(result.skill_levels.sql!.evidence_event_ids).toEqual([event.id]);
    const gaps = result.knowledge_gaps;
    expect(gaps.map((g) => [g.skill_id, g.target_level, g.target_source]).sort()).toEqual([
      ['async_programming', 6, 'assessment "Backend diagnostic"'],
      ['sql', 7, 'goal "Backend developer"'],
    ]);
    expect(gaps.map((g) => g.gap)).toEqual([...gaps.map((g) => g.gap)].sort((a, b) => b - a));
    const sql = gaps.find((g) => g.skill_id === 'sql')!;
    expect(sql.reason).toBe(
      `sql at level ${sql.current_level}, goal "Backend developer" asks for level 7`,
    );
    expect(sql.priority).toBe(sql.gap >= 3 ? 'high' : sql.gap === 2 ? 'medium' : 'low');
  });

  it('builds on what the learner already showed', () => {
    const first = assessmentEvent('a1', iso(0), [
      r('q1', ['sql'], true, 7),
      r('q2', ['sql'], true, 8),
    ]);
    const second = assessmentEvent('a2', iso(1), [r('q1', ['sql'], true, 7)]);
    const fresh = processDiagnosticAssessment({}, second, [], day(1));
    const after = processDiagnosticAssessment(observeEvent({}, first), second, [], day(1));
    expect(after.skill_levels.sql!.ability).toBeGreaterThan(fresh.skill_levels.sql!.ability);
    expect(after.skill_levels.sql!.evidence_event_ids).toEqual([first.id, second.id]);
  });
});

describe('calculateSkillFromHistory', () => {
  it('is the same estimator over the stream, whatever order the events are handed in', () => {
    const events = [
      assessmentEvent('a1', iso(0), [r('q1', ['sql'], true, 4), r('q2', ['python'], false, 4)]),
      assessmentEvent('a2', iso(20), [r('q1', ['sql'], false, 6)]),
      assessmentEvent('a3', iso(40), [r('q1', ['sql'], true, 5)]),
    ];
    const folded = events.reduce(
      (acc, e) => observeEvent(acc, e),
      {} as Record<string, SkillEstimate>,
    );
    const expected = skillLevelAt(folded.sql!, day(60));
    expect(calculateSkillFromHistory([...events].reverse(), 'sql', day(60))).toEqual(expected);
    expect(calculateSkillFromHistory(events, 'rust', day(60))).toBeNull();
  });
});

describe('knowledgeGaps', () => {
  it('uses the highest target per skill and reports skills with no evidence', () => {
    const gaps = knowledgeGaps({}, [
      { skill_id: 'flask', target_level: 4, source: 'assessment "A"' },
      { skill_id: 'flask', target_level: 6, source: 'goal "G"' },
    ]);
    expect(gaps).toEqual([
      {
        skill_id: 'flask',
        current_level: null,
        target_level: 6,
        gap: 6,
        priority: 'high',
        confidence: null,
        target_source: 'goal "G"',
        reason: 'No evidence yet for flask; goal "G" asks for level 6',
      },
    ]);
  });
});
