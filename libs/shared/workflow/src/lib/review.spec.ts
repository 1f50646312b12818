import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  anonymousReviewLabel,
  balancedAssignment,
  isOutlier,
  mean,
  reviewStatistics,
  round2,
  rubricProblems,
  spread,
  standardDeviation,
  weightedTotal,
} from './review';

const RUBRIC = [
  { id: 'a', maxScore: 10, weight: 40 },
  { id: 'b', maxScore: 20, weight: 35 },
  { id: 'c', maxScore: 5, weight: 25 },
];

describe('rubricProblems', () => {
  it('accepts weights adding up to 100, within 0.01', () => {
    expect(rubricProblems(RUBRIC)).toEqual([]);
    expect(rubricProblems([{ maxScore: 10, weight: 33.33 }, { maxScore: 10, weight: 33.33 }, { maxScore: 10, weight: 33.33 }])).toEqual([]);
    expect(rubricProblems([{ maxScore: 10, weight: 100.01 }])).toEqual([]);
  });

  it('refuses an empty rubric, non-positive weights and max scores, and sums off 100', () => {
    expect(rubricProblems([])).toEqual([{ code: 'no_criteria' }]);
    expect(rubricProblems([{ maxScore: 0, weight: 100 }])).toEqual([{ code: 'max_score_not_positive', index: 0 }]);
    expect(rubricProblems([{ maxScore: 10, weight: 0 }, { maxScore: 10, weight: 100 }])).toEqual([{ code: 'weight_not_positive', index: 0 }]);
    expect(rubricProblems([{ maxScore: 10, weight: 60 }, { maxScore: 10, weight: 39.98 }])).toEqual([{ code: 'weights_not_100', sum: 99.98 }]);
    expect(rubricProblems([{ maxScore: -1, weight: -5 }])).toEqual([
      { code: 'weight_not_positive', index: 0 },
      { code: 'max_score_not_positive', index: 0 },
      { code: 'weights_not_100', sum: -5 },
    ]);
  });
});

describe('weightedTotal', () => {
  it('is Σ score / max × weight, two decimals', () => {
    expect(weightedTotal(RUBRIC, { a: 10, b: 20, c: 5 })).toBe(100);
    expect(weightedTotal(RUBRIC, { a: 0, b: 0, c: 0 })).toBe(0);
    // 8/10·40 + 15/20·35 + 3/5·25 = 32 + 26.25 + 15
    expect(weightedTotal(RUBRIC, { a: 8, b: 15, c: 3 })).toBe(73.25);
    // 1/3 · 100 = 33.333… → 33.33
    expect(weightedTotal([{ id: 'x', maxScore: 3, weight: 100 }], { x: 1 })).toBe(33.33);
    expect(weightedTotal([{ id: 'x', maxScore: 3, weight: 100 }], new Map([['x', 2]]))).toBe(66.67);
  });

  it('is null while any criterion is unscored', () => {
    expect(weightedTotal(RUBRIC, { a: 8, b: 15 })).toBeNull();
    expect(weightedTotal(RUBRIC, { a: 8, b: 15, c: null })).toBeNull();
    expect(weightedTotal([], {})).toBeNull();
  });

  it('stays within 0…100 for every valid rubric and in-range scores', () => {
    const rubric = fc
      .array(fc.record({ maxScore: fc.integer({ min: 1, max: 100 }), share: fc.integer({ min: 1, max: 50 }) }), { minLength: 1, maxLength: 8 })
      .map((items) => {
        const total = items.reduce((sum, item) => sum + item.share, 0);
        return items.map((item, index) => ({ id: `c${index}`, maxScore: item.maxScore, weight: (item.share / total) * 100 }));
      });
    fc.assert(
      fc.property(rubric, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }), (criteria, fractions) => {
        const scores = Object.fromEntries(criteria.map((c, i) => [c.id, fractions[i]! * c.maxScore]));
        const total = weightedTotal(criteria, scores);
        return total !== null && total >= 0 && total <= 100 && round2(total) === total;
      }),
    );
  });
});

describe('statistics', () => {
  it('mean, spread, population standard deviation and the outlier flag', () => {
    expect(mean([80, 60])).toBe(70);
    expect(spread([80, 60])).toBe(20);
    expect(standardDeviation([80, 60])).toBe(10);
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    expect(standardDeviation([70])).toBe(0);
    expect(mean([])).toBeNull();
    expect(spread([])).toBeNull();
    expect(standardDeviation([])).toBeNull();
    expect(isOutlier([80, 60], 20)).toBe(true);
    expect(isOutlier([80, 60.01], 20)).toBe(false);
    expect(isOutlier([80], 0.5)).toBe(false);
    expect(reviewStatistics([90.5, 70, 80], 15)).toEqual({ mean: 80.17, spread: 20.5, standardDeviation: 8.37, outlier: true });
    expect(reviewStatistics([], 15)).toEqual({ mean: null, spread: null, standardDeviation: null, outlier: false });
  });

  it('rounds half away from zero without binary surprises', () => {
    expect(round2(1.005)).toBe(1.01);
    expect(round2(2.675)).toBe(2.68);
    expect(round2(-1.005)).toBe(-1.01);
  });
});

describe('balancedAssignment', () => {
  const apps = (n: number, schools = n) => Array.from({ length: n }, (_, i) => ({ id: `app${i}`, schoolId: `school${i % schools}` }));
  const experts = (n: number) => Array.from({ length: n }, (_, i) => `e${i}`);

  it('tops each application up to n, evenly, ties by the experts’ order', () => {
    const result = balancedAssignment({ applications: apps(3), experts: experts(3), existing: [], conflicts: [], perApplication: 2 });
    expect(result.pairs).toEqual([
      { applicationId: 'app0', expertId: 'e0' },
      { applicationId: 'app0', expertId: 'e1' },
      { applicationId: 'app1', expertId: 'e2' },
      { applicationId: 'app1', expertId: 'e0' },
      { applicationId: 'app2', expertId: 'e1' },
      { applicationId: 'app2', expertId: 'e2' },
    ]);
    expect(result.unfilled).toEqual([]);
  });

  it('counts existing assignments, skips conflicted experts and reports what it could not fill', () => {
    const result = balancedAssignment({
      applications: [{ id: 'a', schoolId: 's1' }, { id: 'b', schoolId: 's2' }],
      experts: ['e1', 'e2', 'e3'],
      existing: [{ applicationId: 'a', expertId: 'e1' }, { applicationId: 'x', expertId: 'e2' }],
      conflicts: [{ expertId: 'e3', schoolId: 's1' }, { expertId: 'e1', schoolId: 's2' }, { expertId: 'e2', schoolId: 's2' }],
      perApplication: 2,
    });
    expect(result.pairs).toEqual([{ applicationId: 'a', expertId: 'e2' }, { applicationId: 'b', expertId: 'e3' }]);
    expect(result.unfilled).toEqual(['b']);
    expect(result.skippedConflicts).toBe(3);
  });

  const scenario = fc.record({
    applications: fc.integer({ min: 0, max: 30 }).chain((n) => fc.constant(apps(n, Math.max(1, Math.ceil(n / 2))))),
    experts: fc.integer({ min: 0, max: 12 }).map(experts),
    perApplication: fc.integer({ min: 1, max: 5 }),
  });

  it('property: never a conflicted pair, never an expert twice on one application', () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.tuple(fc.nat(11), fc.nat(15))), fc.array(fc.tuple(fc.nat(29), fc.nat(11))), (s, rawConflicts, rawExisting) => {
        const conflicts = rawConflicts.map(([e, sc]) => ({ expertId: `e${e}`, schoolId: `school${sc}` }));
        const existing = rawExisting
          .map(([a, e]) => ({ applicationId: `app${a}`, expertId: `e${e}` }))
          .filter((p, i, all) => all.findIndex((q) => q.applicationId === p.applicationId && q.expertId === p.expertId) === i);
        const { pairs } = balancedAssignment({ ...s, existing, conflicts });
        const schoolOf = new Map(s.applications.map((a) => [a.id, a.schoolId]));
        const conflicted = new Set(conflicts.map((c) => `${c.expertId}|${c.schoolId}`));
        const all = [...existing, ...pairs].map((p) => `${p.applicationId}|${p.expertId}`);
        return pairs.every((p) => !conflicted.has(`${p.expertId}|${schoolOf.get(p.applicationId)}`) && s.experts.includes(p.expertId)) && new Set(all).size === all.length;
      }),
    );
  });

  it('property: without conflicts, loads differ by at most one', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { pairs } = balancedAssignment({ ...s, existing: [], conflicts: [] });
        if (s.experts.length === 0) return pairs.length === 0;
        const load = new Map(s.experts.map((e) => [e, 0]));
        for (const p of pairs) load.set(p.expertId, (load.get(p.expertId) ?? 0) + 1);
        return Math.max(...load.values()) - Math.min(...load.values()) <= 1;
      }),
    );
  });

  it('property: n is reached wherever enough non-conflicted experts exist, and only the others are unfilled', () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.tuple(fc.nat(11), fc.nat(15))), (s, rawConflicts) => {
        const conflicts = rawConflicts.map(([e, sc]) => ({ expertId: `e${e}`, schoolId: `school${sc}` }));
        const { pairs, unfilled } = balancedAssignment({ ...s, existing: [], conflicts });
        return s.applications.every((application) => {
          const eligible = s.experts.filter((e) => !conflicts.some((c) => c.expertId === e && c.schoolId === application.schoolId)).length;
          const got = pairs.filter((p) => p.applicationId === application.id).length;
          const expected = Math.min(eligible, s.perApplication);
          return got === expected && unfilled.includes(application.id) === expected < s.perApplication;
        });
      }),
    );
  });
});

describe('anonymousReviewLabel', () => {
  it('is deterministic, shaped 评审编号 R-XXXXXX, and differs between ids', () => {
    const id = '3f0c2b8e-8a51-4d2e-9a3b-6f1e2d4c5b7a';
    expect(anonymousReviewLabel(id)).toBe(anonymousReviewLabel(id.toUpperCase()));
    expect(anonymousReviewLabel(id)).toMatch(/^评审编号 R-[0-9A-Z]{6}$/);
    expect(anonymousReviewLabel(id)).not.toBe(anonymousReviewLabel('3f0c2b8e-8a51-4d2e-9a3b-6f1e2d4c5b7b'));
  });
});
