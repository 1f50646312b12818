import { describe, expect, it } from '@jest/globals';
import { Role } from '@dahe/shared/contracts';
import { shanghaiDeadline } from './deadline';
import {
  ACTOR_RELATIONS,
  APPLICATION_STATES,
  type ActorRelation,
  type ApplicationState,
  type TransitionInput,
  WORKFLOW_ACTIONS,
  availableActions,
  isEditableState,
  isFinalState,
  transition,
  waitingFor,
} from './workflow';

// ---------------------------------------------------------------------------------------------------------------
// The expected behaviour, written out by hand. Nothing below is read from the implementation.

const STATES = [
  'draft',
  'awaiting_signature',
  'signed',
  'submitted',
  'formal_check_passed',
  'returned',
  'expert_review',
  'approved',
  'rejected',
  'withdrawn',
] as const;

const ACTIONS = [
  'submit_for_signature',
  'sign',
  'approve',
  'return',
  'withdraw',
  'pass_formal_check',
  'return_for_correction',
  'start_expert_review',
  'decide',
] as const;

/** Not workflow actions: refused as `unknown_action` whatever the state, role or relation. */
const UNKNOWN_ACTIONS = ['publish', ''] as const;

const ROLES = [
  'province_admin',
  'province_officer',
  'expert',
  'auditor',
  'security_admin',
  'supervisor_admin',
  'supervisor_reviewer',
  'school_admin',
  'drafter',
  'contact',
  'legal_rep',
  'viewer',
] as const;

const RELATIONS = ['school_member', 'supervisor_of_school', 'province', 'other'] as const;

type State = (typeof STATES)[number];
type Action = (typeof ACTIONS)[number];
type RoleName = (typeof ROLES)[number];
type Relation = (typeof RELATIONS)[number];

/**
 * Every transition that succeeds, one row per (state, action, role, relation); everything else is refused.
 * `decide` is listed with `decision: 'approved'` (the combination test's default); `rejected` is tested below.
 */
const ALLOWED: readonly (readonly [State, Action, RoleName, Relation, State, 'voids' | '-', 'receipt' | '-'])[] = [
  // state                  action                   role                   relation                next                   signatures receipt
  ['draft',                 'submit_for_signature',  'contact',             'school_member',        'awaiting_signature',  '-',       '-'],
  ['returned',              'submit_for_signature',  'contact',             'school_member',        'awaiting_signature',  '-',       '-'],
  ['awaiting_signature',    'sign',                  'legal_rep',           'school_member',        'signed',              '-',       '-'],
  ['signed',                'approve',               'supervisor_reviewer', 'supervisor_of_school', 'submitted',           '-',       'receipt'],
  ['awaiting_signature',    'return',                'legal_rep',           'school_member',        'draft',               'voids',   '-'],
  ['signed',                'return',                'supervisor_reviewer', 'supervisor_of_school', 'draft',               'voids',   '-'],
  ['awaiting_signature',    'return',                'province_officer',    'province',             'draft',               'voids',   '-'],
  ['signed',                'return',                'province_officer',    'province',             'draft',               'voids',   '-'],
  ['draft',                 'withdraw',              'school_admin',        'school_member',        'withdrawn',           '-',       '-'],
  ['draft',                 'withdraw',              'contact',             'school_member',        'withdrawn',           '-',       '-'],
  ['awaiting_signature',    'withdraw',              'school_admin',        'school_member',        'withdrawn',           '-',       '-'],
  ['awaiting_signature',    'withdraw',              'contact',             'school_member',        'withdrawn',           '-',       '-'],
  ['signed',                'withdraw',              'school_admin',        'school_member',        'withdrawn',           '-',       '-'],
  ['signed',                'withdraw',              'contact',             'school_member',        'withdrawn',           '-',       '-'],
  ['returned',              'withdraw',              'school_admin',        'school_member',        'withdrawn',           '-',       '-'],
  ['returned',              'withdraw',              'contact',             'school_member',        'withdrawn',           '-',       '-'],
  ['submitted',             'pass_formal_check',     'province_officer',    'province',             'formal_check_passed', '-',       '-'],
  ['submitted',             'return_for_correction', 'province_officer',    'province',             'returned',            'voids',   '-'],
  ['formal_check_passed',   'start_expert_review',   'province_officer',    'province',             'expert_review',       '-',       '-'],
  ['expert_review',         'decide',                'province_officer',    'province',             'approved',            '-',       '-'],
];

/** The documented order of checks: state, then role, then relation (then the action's own input, tested below). */
function expectedFor(state: State, action: string, roles: readonly RoleName[], relation: Relation): unknown {
  if (!(ACTIONS as readonly string[]).includes(action)) return { ok: false, refusal: { code: 'unknown_action', action } };
  const fromState = ALLOWED.filter(([s, a]) => s === state && a === action);
  if (fromState.length === 0) return { ok: false, refusal: { code: 'not_allowed_in_state', state, action } };
  const byRole = fromState.filter(([, , role]) => roles.includes(role));
  if (byRole.length === 0) {
    return { ok: false, refusal: { code: 'not_your_role', allowedRoles: fromState.map(([, , role]) => role).sort() } };
  }
  const exact = byRole.find(([, , , rel]) => rel === relation);
  if (!exact) return { ok: false, refusal: { code: 'not_your_school', requiredRelation: byRole[0][3] } };
  const [, , , , next, voids, receipt] = exact;
  return { ok: true, next, voidsSignatures: voids === 'voids', needsReceipt: receipt === 'receipt' };
}

// Every input an action could need, all valid; the deadline is well ahead.
const DEADLINE = shanghaiDeadline('2024-08-16');
const VALID_INPUTS = {
  ready: true,
  reauthenticated: true,
  comment: '请在2.3节注明佐证材料页码',
  decision: 'approved',
  now: new Date('2024-08-01T02:00:00Z'),
  deadline: DEADLINE,
} as const;

function run(state: State, action: string, roles: readonly RoleName[], relation: Relation, extra: Partial<TransitionInput> = {}) {
  const result = transition({ ...VALID_INPUTS, state, action, actorRoles: roles, actorRelation: relation, ...extra });
  // Compare role lists as sets.
  if (!result.ok && result.refusal.code === 'not_your_role') {
    return { ok: false, refusal: { ...result.refusal, allowedRoles: [...result.refusal.allowedRoles].sort() } };
  }
  return result;
}

describe('the spec lists match the code', () => {
  it('has the same states, actions, relations and roles', () => {
    expect([...APPLICATION_STATES].sort()).toEqual([...STATES].sort());
    expect([...WORKFLOW_ACTIONS].sort()).toEqual([...ACTIONS].sort());
    expect([...ACTOR_RELATIONS].sort()).toEqual([...RELATIONS].sort());
    expect(Object.values(Role).sort()).toEqual([...ROLES].sort());
  });
});

describe('transition: every state × action × role × relation', () => {
  const roleSets: (readonly RoleName[])[] = [...ROLES.map((role) => [role]), []];
  const cases = STATES.flatMap((state) =>
    [...ACTIONS, ...UNKNOWN_ACTIONS].flatMap((action) =>
      roleSets.flatMap((roles) => RELATIONS.map((relation) => [state, action, roles, relation] as const)),
    ),
  );

  it('covers every combination', () => {
    expect(cases).toHaveLength(10 * 11 * 13 * 4);
  });

  it.each(cases)('%s · %j · %j · %s', (state, action, roles, relation) => {
    expect(run(state, action, roles, relation)).toEqual(expectedFor(state, action, roles, relation));
  });

  it('lets every allowed row through for an actor who also holds other roles', () => {
    for (const [state, action, role, relation] of ALLOWED) {
      const roles: RoleName[] = ['viewer', role, 'drafter'];
      expect(run(state, action, roles, relation)).toEqual(expectedFor(state, action, [role], relation));
    }
  });
});

describe('transition: the action’s own input', () => {
  const school = 'school_member' as const;
  const supervisor = 'supervisor_of_school' as const;
  const province = 'province' as const;

  // [state, action, role, relation, input that is missing or wrong, expected refusal]
  const missing: readonly (readonly [State, Action, RoleName, Relation, Partial<TransitionInput>, string])[] = [
    ['draft',              'submit_for_signature',  'contact',             school,     { ready: undefined },         'not_ready'],
    ['draft',              'submit_for_signature',  'contact',             school,     { ready: false },             'not_ready'],
    ['returned',           'submit_for_signature',  'contact',             school,     { ready: false },             'not_ready'],
    ['awaiting_signature', 'sign',                  'legal_rep',           school,     { reauthenticated: undefined }, 'reauthentication_required'],
    ['awaiting_signature', 'sign',                  'legal_rep',           school,     { reauthenticated: false },   'reauthentication_required'],
    ['awaiting_signature', 'return',                'legal_rep',           school,     { comment: undefined },       'comment_required'],
    ['awaiting_signature', 'return',                'legal_rep',           school,     { comment: '' },              'comment_required'],
    ['signed',             'return',                'supervisor_reviewer', supervisor, { comment: ' \n\t ' },        'comment_required'],
    ['signed',             'return',                'supervisor_reviewer', supervisor, { comment: '\u3000\u3000' },  'comment_required'],
    ['submitted',          'return_for_correction', 'province_officer',    province,   { comment: undefined },       'comment_required'],
    ['submitted',          'return_for_correction', 'province_officer',    province,   { comment: '   ' },           'comment_required'],
    ['expert_review',      'decide',                'province_officer',    province,   { decision: undefined },      'decision_required'],
    ['expert_review',      'decide',                'province_officer',    province,   { decision: 'maybe' as never }, 'decision_required'],
    ['signed',             'approve',               'supervisor_reviewer', supervisor, { now: DEADLINE },            'deadline_passed'],
  ];

  it.each(missing)('%s · %s by %s (%s) with %j → %s', (state, action, role, relation, extra, code) => {
    const result = run(state, action, [role], relation, extra);
    expect(result).toMatchObject({ ok: false, refusal: { code } });
  });

  it('decides rejected as well as approved', () => {
    expect(run('expert_review', 'decide', ['province_officer'], province, { decision: 'rejected' })).toEqual({
      ok: true,
      next: 'rejected',
      voidsSignatures: false,
      needsReceipt: false,
    });
  });

  it('needs nothing more than the role for actions without input', () => {
    const bare = (state: State, action: Action, role: RoleName, relation: Relation) =>
      transition({ state, action, actorRoles: [role], actorRelation: relation });
    expect(bare('draft', 'withdraw', 'school_admin', school)).toMatchObject({ ok: true, next: 'withdrawn' });
    expect(bare('submitted', 'pass_formal_check', 'province_officer', province)).toMatchObject({ ok: true, next: 'formal_check_passed' });
    expect(bare('formal_check_passed', 'start_expert_review', 'province_officer', province)).toMatchObject({ ok: true, next: 'expert_review' });
  });

  it('ignores input that belongs to other actions', () => {
    expect(run('awaiting_signature', 'sign', ['legal_rep'], school, { ready: false, comment: '', decision: undefined, now: DEADLINE }))
      .toMatchObject({ ok: true, next: 'signed' });
    expect(run('draft', 'submit_for_signature', ['contact'], school, { reauthenticated: false, now: new Date('2030-01-01T00:00:00Z') }))
      .toMatchObject({ ok: true, next: 'awaiting_signature' });
  });

  it('accepts any non-blank comment, trimmed or not', () => {
    expect(run('signed', 'return', ['supervisor_reviewer'], supervisor, { comment: ' 单位意见：请补正 ' })).toMatchObject({ ok: true, next: 'draft' });
  });

  it('checks state, role and school before the input, so a stranger learns nothing but the state', () => {
    expect(run('signed', 'submit_for_signature', ['contact'], school, { ready: false })).toMatchObject({ refusal: { code: 'not_allowed_in_state' } });
    expect(run('draft', 'submit_for_signature', ['drafter'], school, { ready: false })).toMatchObject({ refusal: { code: 'not_your_role' } });
    expect(run('draft', 'submit_for_signature', ['contact'], 'other', { ready: false })).toMatchObject({ refusal: { code: 'not_your_school' } });
    expect(run('signed', 'approve', ['supervisor_reviewer'], 'other', { now: DEADLINE })).toMatchObject({ refusal: { code: 'not_your_school' } });
    expect(run('signed', 'return', ['legal_rep'], school, { comment: '' })).toMatchObject({ refusal: { code: 'not_your_role' } });
    expect(run('expert_review', 'decide', ['expert'], province, { decision: undefined })).toMatchObject({ refusal: { code: 'not_your_role' } });
  });

  it('refuses an unknown state as not allowed in it', () => {
    expect(run('archived' as State, 'withdraw', ['school_admin'], school)).toMatchObject({ ok: false, refusal: { code: 'not_allowed_in_state' } });
  });
});

describe('voidsSignatures and needsReceipt', () => {
  it('voids every signature on every return before submission and on every return for correction', () => {
    for (const [state, action, role, relation] of ALLOWED.filter(([, a]) => a === 'return' || a === 'return_for_correction')) {
      expect(run(state, action, [role], relation)).toMatchObject({ ok: true, voidsSignatures: true });
    }
    expect(run('awaiting_signature', 'return', ['legal_rep'], 'school_member')).toMatchObject({ next: 'draft', voidsSignatures: true });
    expect(run('signed', 'return', ['supervisor_reviewer'], 'supervisor_of_school')).toMatchObject({ next: 'draft', voidsSignatures: true });
    expect(run('submitted', 'return_for_correction', ['province_officer'], 'province')).toMatchObject({ next: 'returned', voidsSignatures: true });
  });

  it('voids nothing on any other transition', () => {
    for (const [state, action, role, relation] of ALLOWED.filter(([, a]) => a !== 'return' && a !== 'return_for_correction')) {
      expect(run(state, action, [role], relation)).toMatchObject({ ok: true, voidsSignatures: false });
    }
  });

  it('asks for a receipt exactly when the supervisor approves (signed → submitted)', () => {
    for (const [state, action, role, relation] of ALLOWED) {
      expect(run(state, action, [role], relation)).toMatchObject({ ok: true, needsReceipt: action === 'approve' });
    }
    expect(run('signed', 'approve', ['supervisor_reviewer'], 'supervisor_of_school')).toEqual({
      ok: true,
      next: 'submitted',
      voidsSignatures: false,
      needsReceipt: true,
    });
  });
});

describe('availableActions: every state × role × relation', () => {
  const cases = STATES.flatMap((state) =>
    ROLES.flatMap((role) => RELATIONS.map((relation) => [state, role, relation] as const)),
  );

  it.each(cases)('%s · %s · %s', (state, role, relation) => {
    const expected = ALLOWED.filter(([s, , r, rel]) => s === state && r === role && rel === relation).map(([, a]) => a);
    expect(availableActions(state, [role], relation)).toEqual([...new Set(expected)]);
  });

  it('unites the actions of every role the actor holds', () => {
    expect(availableActions('awaiting_signature', ['contact', 'legal_rep'], 'school_member')).toEqual(['sign', 'return', 'withdraw']);
  });

  it('offers nothing to an actor without roles, or in a final state', () => {
    for (const state of STATES) expect(availableActions(state, [], 'school_member')).toEqual([]);
    for (const state of ['approved', 'rejected', 'withdrawn'] as const) {
      for (const relation of RELATIONS) expect(availableActions(state, [...ROLES], relation)).toEqual([]);
    }
  });

  it('hides approve at the deadline when given a clock, and shows it with an extension', () => {
    const reviewer = ['supervisor_reviewer'] as const;
    const sup = 'supervisor_of_school' as const;
    const oneSecondBefore = new Date(DEADLINE.getTime() - 1000);
    expect(availableActions('signed', reviewer, sup, { now: oneSecondBefore, deadline: DEADLINE })).toEqual(['approve', 'return']);
    expect(availableActions('signed', reviewer, sup, { now: DEADLINE, deadline: DEADLINE })).toEqual(['return']);
    expect(
      availableActions('signed', reviewer, sup, { now: DEADLINE, deadline: DEADLINE, extendedUntil: shanghaiDeadline('2024-08-23') }),
    ).toEqual(['approve', 'return']);
  });
});

describe('waitingFor', () => {
  const table: readonly (readonly [State, { role: RoleName; organisationKind: string } | null])[] = [
    ['draft',               { role: 'contact',             organisationKind: 'school' }],
    ['returned',            { role: 'contact',             organisationKind: 'school' }],
    ['awaiting_signature',  { role: 'legal_rep',           organisationKind: 'school' }],
    ['signed',              { role: 'supervisor_reviewer', organisationKind: 'supervisor' }],
    ['submitted',           { role: 'province_officer',    organisationKind: 'province' }],
    ['formal_check_passed', { role: 'province_officer',    organisationKind: 'province' }],
    ['expert_review',       { role: 'province_officer',    organisationKind: 'province' }],
    ['approved',            null],
    ['rejected',            null],
    ['withdrawn',           null],
  ];

  it('covers every state', () => {
    expect(table.map(([state]) => state).sort()).toEqual([...STATES].sort());
  });

  it.each(table)('%s waits for %j', (state, expected) => {
    expect(waitingFor(state)).toEqual(expected);
  });

  it('names someone who can move the application forward', () => {
    for (const [state, who] of table) {
      if (!who) continue;
      const relation: ActorRelation = { school: 'school_member', supervisor: 'supervisor_of_school', province: 'province' }[
        who.organisationKind as 'school' | 'supervisor' | 'province'
      ] as ActorRelation;
      const forward = availableActions(state as ApplicationState, [who.role], relation).filter((a) => a !== 'withdraw' && a !== 'return');
      expect(forward.length).toBeGreaterThan(0);
    }
  });
});

describe('editable and final states', () => {
  it.each([
    ['draft', true, false],
    ['awaiting_signature', false, false],
    ['signed', false, false],
    ['submitted', false, false],
    ['formal_check_passed', false, false],
    ['returned', true, false],
    ['expert_review', false, false],
    ['approved', false, true],
    ['rejected', false, true],
    ['withdrawn', false, true],
  ] as const)('%s: editable %s, final %s', (state, editable, final) => {
    expect(isEditableState(state)).toBe(editable);
    expect(isFinalState(state)).toBe(final);
  });
});
