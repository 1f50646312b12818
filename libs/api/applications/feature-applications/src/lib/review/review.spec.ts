import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { defineAbilityFor } from '@dahe/shared/authz';
import type { OrganisationKind, Role } from '@dahe/shared/contracts';
import { AssignRequestDto, DecisionsRequestDto, ReviewSettingsRequestDto, SaveScoresRequestDto } from './dto/review.dto';
import { isConflictOfInterestError, isOfficer, isReviewLockedError, requireExpert, requireOfficer } from './review-access';

const ID = '3f0c2b8e-8a51-4d2e-9a3b-6f1e2d4c5b7a';

/** Validated as the app's pipe does: whitelist, unknown fields refused. */
function problems<T extends object>(type: new () => T, plain: unknown): string[] {
  const errors = validateSync(plainToInstance(type, plain) as object, { whitelist: true, forbidNonWhitelisted: true });
  const flat = (list: typeof errors, prefix = ''): string[] =>
    list.flatMap((e) => [...Object.keys(e.constraints ?? {}).map((c) => `${prefix}${e.property}:${c}`), ...flat(e.children ?? [], `${prefix}${e.property}.`)]);
  return flat(errors);
}

function identity(orgKind: OrganisationKind, roles: Role[], userId = 'u1'): RequestIdentity {
  return {
    sessionId: 's',
    userId,
    username: 'x',
    displayName: 'x',
    totpEnabled: false,
    org: { id: 'org', name: 'org', kind: orgKind, path: '/a/' },
    roles,
    ability: defineAbilityFor({ userId, orgId: 'org', orgKind, roles }),
    via: 'bearer',
    mustEnrolTotp: false,
    expiresAt: new Date(),
  };
}

describe('review DTOs', () => {
  const settings = { anonymous: true, expertsPerApplication: 3, outlierSpread: 15, correctionUntil: null, criteria: [{ title: '基础', guidance: '', maxScore: 10, weight: 100 }] };

  it('accepts well-formed settings, scores, assignments and decisions', () => {
    expect(problems(ReviewSettingsRequestDto, settings)).toEqual([]);
    expect(problems(ReviewSettingsRequestDto, { ...settings, correctionUntil: '2024-09-01T00:00:00+08:00' })).toEqual([]);
    expect(problems(SaveScoresRequestDto, { scores: [{ criterionId: ID, score: null, comment: '' }, { criterionId: ID, score: 7.5, comment: '好' }] })).toEqual([]);
    expect(problems(AssignRequestDto, { mode: 'balanced' })).toEqual([]);
    expect(problems(DecisionsRequestDto, { items: [{ applicationId: ID, decision: 'approved', note: '' }] })).toEqual([]);
  });

  it('refuses what is out of range, nested problems included', () => {
    expect(problems(ReviewSettingsRequestDto, { ...settings, expertsPerApplication: 10 })).toEqual(['expertsPerApplication:max']);
    expect(problems(ReviewSettingsRequestDto, { ...settings, criteria: [{ title: '', guidance: '', maxScore: 0, weight: 100, extra: 1 }] })).toEqual(
      expect.arrayContaining(['criteria.0.title:isLength', 'criteria.0.maxScore:min', 'criteria.0.extra:whitelistValidation']),
    );
    expect(problems(ReviewSettingsRequestDto, { ...settings, criteria: [] })).toEqual(['criteria:arrayMinSize']);
    expect(problems(SaveScoresRequestDto, { scores: [{ criterionId: 'x', score: -1, comment: 'x'.repeat(2001) }] })).toEqual(
      expect.arrayContaining(['scores.0.criterionId:isUuid', 'scores.0.score:min', 'scores.0.comment:isLength']),
    );
    expect(problems(DecisionsRequestDto, { items: [{ applicationId: ID, decision: 'maybe', note: '' }] })).toEqual(['items.0.decision:isIn']);
    expect(problems(AssignRequestDto, { mode: 'random', expertIds: ['x'] })).toEqual(expect.arrayContaining(['mode:isIn', 'expertIds:isUuid']));
  });
});

describe('who runs and who scores the review', () => {
  it('the province officer runs it; an expert scores only; schools do neither', () => {
    expect(isOfficer(identity('province', ['province_officer']))).toBe(true);
    expect(() => requireOfficer(identity('province', ['province_officer']))).not.toThrow();
    expect(() => requireOfficer(identity('province', ['expert']))).toThrow(AppException);
    expect(() => requireOfficer(identity('school', ['school_admin']))).toThrow(AppException);
    expect(() => requireExpert(identity('province', ['expert']))).not.toThrow();
    expect(() => requireExpert(identity('province', ['province_officer']))).toThrow(AppException);
    expect(() => requireExpert(identity('province', ['province_admin']))).toThrow(AppException);
  });

  it('recognises the database’s refusals by their triggers’ messages', () => {
    expect(isReviewLockedError({ code: '23514', message: 'scores are locked once submitted' })).toBe(true);
    expect(isReviewLockedError({ code: '23514', message: 'a submitted review cannot be unassigned' })).toBe(true);
    expect(isReviewLockedError({ code: '23514', message: 'new row violates check constraint' })).toBe(false);
    expect(isConflictOfInterestError({ code: '23514', message: 'the expert declared a conflict of interest with this school' })).toBe(true);
    expect(isConflictOfInterestError(new Error('conflict of interest'))).toBe(false);
  });
});
