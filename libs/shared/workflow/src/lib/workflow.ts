import { OrganisationKind, Role } from '@dahe/shared/contracts';
import { effectiveDeadline } from './deadline';

/**
 * The application (申报书) state machine, as pure functions. The API runs {@link transition} inside the
 * transaction that holds the application's row lock; the web app calls {@link availableActions} to show
 * only the buttons that can work.
 *
 * ```
 * draft | returned ──(contact: submit_for_signature, ready)──▶ awaiting_signature
 * awaiting_signature ──(legal_rep: sign, re-authenticated)──▶ signed
 * signed ──(supervisor_reviewer of the school's supervising unit: approve, before the deadline)──▶ submitted   (receipt)
 * awaiting_signature ──(legal_rep: return, comment)──▶ draft                   (voids signatures)
 * signed ──(supervisor_reviewer: return, comment)──▶ draft                     (voids signatures)
 * awaiting_signature | signed ──(province_officer: return, comment)──▶ draft     (voids signatures)
 * draft | awaiting_signature | signed | returned ──(school_admin or contact: withdraw)──▶ withdrawn
 * submitted ──(province_officer: pass_formal_check)──▶ formal_check_passed
 * submitted ──(province_officer: return_for_correction, comment)──▶ returned   (补正; voids signatures)
 * formal_check_passed ──(province_officer: start_expert_review)──▶ expert_review
 * expert_review ──(province_officer: decide, decision)──▶ approved | rejected
 * ```
 * `approved`, `rejected` and `withdrawn` are final.
 */

export const ApplicationState = {
  draft: 'draft',
  awaitingSignature: 'awaiting_signature',
  signed: 'signed',
  submitted: 'submitted',
  formalCheckPassed: 'formal_check_passed',
  /** Returned for correction (补正) by the province after submission; edited like a draft, then signed off again. */
  returned: 'returned',
  expertReview: 'expert_review',
  approved: 'approved',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
} as const;
export type ApplicationState = (typeof ApplicationState)[keyof typeof ApplicationState];
export const APPLICATION_STATES: readonly ApplicationState[] = Object.values(ApplicationState);

export const WorkflowAction = {
  submitForSignature: 'submit_for_signature',
  sign: 'sign',
  approve: 'approve',
  return: 'return',
  withdraw: 'withdraw',
  passFormalCheck: 'pass_formal_check',
  returnForCorrection: 'return_for_correction',
  startExpertReview: 'start_expert_review',
  decide: 'decide',
} as const;
export type WorkflowAction = (typeof WorkflowAction)[keyof typeof WorkflowAction];
export const WORKFLOW_ACTIONS: readonly WorkflowAction[] = Object.values(WorkflowAction);

/** How the acting user's active organisation stands to the application. */
export const ActorRelation = {
  /** The active organisation is the school that owns the application. */
  schoolMember: 'school_member',
  /** The active organisation is the supervising unit (主管单位) of that school. */
  supervisorOfSchool: 'supervisor_of_school',
  /** The active organisation is the province that runs the application's call. */
  province: 'province',
  /** Anyone else, including another school, another supervisor or another province. */
  other: 'other',
} as const;
export type ActorRelation = (typeof ActorRelation)[keyof typeof ActorRelation];
export const ACTOR_RELATIONS: readonly ActorRelation[] = Object.values(ActorRelation);

export type Decision = 'approved' | 'rejected';

/** Final states: no action leaves them. */
export const FINAL_STATES: readonly ApplicationState[] = [
  ApplicationState.approved,
  ApplicationState.rejected,
  ApplicationState.withdrawn,
];

/** States whose content drafters may edit: `draft`, and `returned` (补正), which is edited like a draft. */
export const EDITABLE_STATES: readonly ApplicationState[] = [ApplicationState.draft, ApplicationState.returned];

export function isApplicationState(value: unknown): value is ApplicationState {
  return typeof value === 'string' && (APPLICATION_STATES as readonly string[]).includes(value);
}

export function isWorkflowAction(value: unknown): value is WorkflowAction {
  return typeof value === 'string' && (WORKFLOW_ACTIONS as readonly string[]).includes(value);
}

export function isFinalState(state: ApplicationState): boolean {
  return FINAL_STATES.includes(state);
}

export function isEditableState(state: ApplicationState): boolean {
  return EDITABLE_STATES.includes(state);
}

// ---------------------------------------------------------------------------------------------------------------
// Refusals

export const RefusalCode = {
  /** The action exists but does not leave this state (a stale screen or a race: answer 409). */
  notAllowedInState: 'not_allowed_in_state',
  /** The actor holds none of the roles that may take this action in this state. */
  notYourRole: 'not_your_role',
  /** The actor holds the role, but for an organisation that does not stand in the required relation. */
  notYourSchool: 'not_your_school',
  /** `submit_for_signature` while the validation report still lists failures. */
  notReady: 'not_ready',
  /** `sign` without having proved identity again (password, and a second factor where enabled). */
  reauthenticationRequired: 'reauthentication_required',
  /** `return` or `return_for_correction` without a non-blank comment. */
  commentRequired: 'comment_required',
  /** `decide` without `approved` or `rejected`. */
  decisionRequired: 'decision_required',
  /** `approve` at or after the (possibly extended) deadline: nothing reaches `submitted` then. */
  deadlinePassed: 'deadline_passed',
  /** Not one of the workflow's actions. */
  unknownAction: 'unknown_action',
} as const;
export type RefusalCode = (typeof RefusalCode)[keyof typeof RefusalCode];

export type Refusal =
  | { code: 'unknown_action'; action: string }
  | { code: 'not_allowed_in_state'; state: ApplicationState; action: WorkflowAction }
  | { code: 'not_your_role'; allowedRoles: readonly Role[] }
  | { code: 'not_your_school'; requiredRelation: ActorRelation }
  | { code: 'not_ready' }
  | { code: 'reauthentication_required' }
  | { code: 'comment_required' }
  | { code: 'decision_required' }
  | { code: 'deadline_passed'; effectiveDeadline: Date };

// ---------------------------------------------------------------------------------------------------------------
// The rules

type Requirement = 'ready' | 'reauthentication' | 'comment' | 'decision' | 'deadline';

interface Rule {
  readonly action: WorkflowAction;
  readonly from: ApplicationState;
  readonly roles: readonly Role[];
  readonly relation: ActorRelation;
  /** `decision`: the next state is the `decision` input. */
  readonly to: ApplicationState | 'decision';
  readonly requires?: Requirement;
  readonly voidsSignatures?: boolean;
  readonly needsReceipt?: boolean;
}

const S = ApplicationState;
const A = WorkflowAction;
const R = ActorRelation;

function rules(
  action: WorkflowAction,
  from: readonly ApplicationState[],
  rest: Omit<Rule, 'action' | 'from'>,
): Rule[] {
  return from.map((state) => ({ action, from: state, ...rest }));
}

/** One rule per (state, action, relation): a return waits for whoever holds the work, or the province. */
const RULES: readonly Rule[] = [
  ...rules(A.submitForSignature, [S.draft, S.returned], {
    roles: [Role.contact],
    relation: R.schoolMember,
    to: S.awaitingSignature,
    requires: 'ready',
  }),
  ...rules(A.sign, [S.awaitingSignature], {
    roles: [Role.legalRep],
    relation: R.schoolMember,
    to: S.signed,
    requires: 'reauthentication',
  }),
  ...rules(A.approve, [S.signed], {
    roles: [Role.supervisorReviewer],
    relation: R.supervisorOfSchool,
    to: S.submitted,
    requires: 'deadline',
    needsReceipt: true,
  }),
  // "any state before submitted ──(return, with comments)──▶ draft": each party returns what waits for it.
  ...rules(A.return, [S.awaitingSignature], {
    roles: [Role.legalRep],
    relation: R.schoolMember,
    to: S.draft,
    requires: 'comment',
    voidsSignatures: true,
  }),
  ...rules(A.return, [S.signed], {
    roles: [Role.supervisorReviewer],
    relation: R.supervisorOfSchool,
    to: S.draft,
    requires: 'comment',
    voidsSignatures: true,
  }),
  // The province may return any stage before submission (domain: "A legal representative, supervisor or
  // province returns work"); it sees the state, not the text, until submitted.
  ...rules(A.return, [S.awaitingSignature, S.signed], {
    roles: [Role.provinceOfficer],
    relation: R.province,
    to: S.draft,
    requires: 'comment',
    voidsSignatures: true,
  }),
  ...rules(A.withdraw, [S.draft, S.awaitingSignature, S.signed, S.returned], {
    roles: [Role.schoolAdmin, Role.contact],
    relation: R.schoolMember,
    to: S.withdrawn,
  }),
  ...rules(A.passFormalCheck, [S.submitted], {
    roles: [Role.provinceOfficer],
    relation: R.province,
    to: S.formalCheckPassed,
  }),
  ...rules(A.returnForCorrection, [S.submitted], {
    roles: [Role.provinceOfficer],
    relation: R.province,
    to: S.returned,
    requires: 'comment',
    voidsSignatures: true,
  }),
  ...rules(A.startExpertReview, [S.formalCheckPassed], {
    roles: [Role.provinceOfficer],
    relation: R.province,
    to: S.expertReview,
  }),
  ...rules(A.decide, [S.expertReview], {
    roles: [Role.provinceOfficer],
    relation: R.province,
    to: 'decision',
    requires: 'decision',
  }),
];

function rulesFor(state: ApplicationState, action: WorkflowAction): Rule[] {
  return RULES.filter((rule) => rule.from === state && rule.action === action);
}

// ---------------------------------------------------------------------------------------------------------------
// transition

export interface TransitionInput {
  state: ApplicationState;
  /** The action as the caller sent it; anything that is not a {@link WorkflowAction} is refused as `unknown_action`. */
  action: string;
  /** The roles of the actor's active membership. */
  actorRoles: readonly Role[];
  actorRelation: ActorRelation;
  /** `submit_for_signature`: the validation report is clean ("ready to sign"). */
  ready?: boolean;
  /** `sign`: the signer has just proved who they are again. */
  reauthenticated?: boolean;
  /** `return`, `return_for_correction`: the comments; blank is refused. */
  comment?: string;
  /** `decide`. */
  decision?: Decision;
  /** `approve`: required (a TypeError otherwise), like `deadline`. */
  now?: Date;
  /** `approve`: the call's deadline, a UTC instant (see {@link shanghaiDeadline}). */
  deadline?: Date;
  /** `approve`: this school's extension, if the province granted one. */
  extendedUntil?: Date;
}

export type TransitionResult =
  | {
      ok: true;
      next: ApplicationState;
      /** Every signature given so far on this application is void from now on. */
      voidsSignatures: boolean;
      /** The application has just been received by the province: issue a receipt number. */
      needsReceipt: boolean;
    }
  | { ok: false; refusal: Refusal };

/**
 * Decide one transition. The checks run in this order, and the first that fails is the refusal:
 * `unknown_action`, `not_allowed_in_state`, `not_your_role`, `not_your_school`, then the action's own input
 * (`not_ready`, `reauthentication_required`, `comment_required`, `decision_required`) and last `deadline_passed`.
 * So someone who may not act never learns more about the application than its state.
 *
 * @throws TypeError for `approve` without a valid `now` and `deadline`: that is the caller's bug, not a refusal.
 */
export function transition(input: TransitionInput): TransitionResult {
  const { state, action } = input;
  if (!isWorkflowAction(action)) return refuse({ code: 'unknown_action', action });

  const candidates = isApplicationState(state) ? rulesFor(state, action) : [];
  if (candidates.length === 0) return refuse({ code: 'not_allowed_in_state', state, action });

  const byRole = candidates.filter((candidate) => input.actorRoles.some((role) => candidate.roles.includes(role)));
  const [first] = byRole;
  if (!first) {
    return refuse({ code: 'not_your_role', allowedRoles: [...new Set(candidates.flatMap((candidate) => candidate.roles))] });
  }
  const rule = byRole.find((candidate) => candidate.relation === input.actorRelation);
  if (!rule) return refuse({ code: 'not_your_school', requiredRelation: first.relation });

  switch (rule.requires) {
    case 'ready':
      if (input.ready !== true) return refuse({ code: 'not_ready' });
      break;
    case 'reauthentication':
      if (input.reauthenticated !== true) return refuse({ code: 'reauthentication_required' });
      break;
    case 'comment':
      if (typeof input.comment !== 'string' || input.comment.trim() === '') return refuse({ code: 'comment_required' });
      break;
    case 'decision':
      if (input.decision !== 'approved' && input.decision !== 'rejected') return refuse({ code: 'decision_required' });
      break;
    case 'deadline': {
      if (!input.now || !input.deadline) throw new TypeError(`${action} needs now and deadline`);
      if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime())) throw new TypeError('now must be a valid Date');
      const until = effectiveDeadline(input.deadline, input.extendedUntil);
      if (!(input.now.getTime() < until.getTime())) return refuse({ code: 'deadline_passed', effectiveDeadline: until });
      break;
    }
    case undefined:
      break;
  }

  const next = rule.to === 'decision' ? (input.decision as Decision) : rule.to;
  return { ok: true, next, voidsSignatures: rule.voidsSignatures === true, needsReceipt: rule.needsReceipt === true };
}

function refuse(refusal: Refusal): TransitionResult {
  return { ok: false, refusal };
}

// ---------------------------------------------------------------------------------------------------------------
// For the UI

export interface DeadlineClock {
  now: Date;
  deadline: Date;
  extendedUntil?: Date;
}

/**
 * The actions this actor may take on an application in this state, in {@link WORKFLOW_ACTIONS} order.
 * Input the user still has to give (a comment, a decision, re-authentication) does not hide an action; an
 * application that is not ready still shows `submit_for_signature` (the button explains the validation report).
 * Given a clock, `approve` is hidden at and after the school's effective deadline.
 */
export function availableActions(
  state: ApplicationState,
  actorRoles: readonly Role[],
  actorRelation: ActorRelation,
  clock?: DeadlineClock,
): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((action) => {
    const rule = rulesFor(state, action).find((candidate) => candidate.relation === actorRelation && actorRoles.some((role) => candidate.roles.includes(role)));
    if (!rule) return false;
    if (rule.requires === 'deadline' && clock) {
      return clock.now.getTime() < effectiveDeadline(clock.deadline, clock.extendedUntil).getTime();
    }
    return true;
  });
}

export interface WaitingFor {
  role: Role;
  organisationKind: OrganisationKind;
}

const WAITING_FOR: Record<ApplicationState, WaitingFor | null> = {
  [S.draft]: { role: Role.contact, organisationKind: OrganisationKind.school },
  [S.returned]: { role: Role.contact, organisationKind: OrganisationKind.school },
  [S.awaitingSignature]: { role: Role.legalRep, organisationKind: OrganisationKind.school },
  [S.signed]: { role: Role.supervisorReviewer, organisationKind: OrganisationKind.supervisor },
  [S.submitted]: { role: Role.provinceOfficer, organisationKind: OrganisationKind.province },
  [S.formalCheckPassed]: { role: Role.provinceOfficer, organisationKind: OrganisationKind.province },
  [S.expertReview]: { role: Role.provinceOfficer, organisationKind: OrganisationKind.province },
  [S.approved]: null,
  [S.rejected]: null,
  [S.withdrawn]: null,
};

/**
 * Whom the application waits for, for the timeline's "what waits for whom": the role (in an organisation of
 * that kind) whose action moves it forward, or `null` in a final state. In `draft` and `returned` that is the
 * school's contact, who submits for signature once the drafters are done; in `expert_review` it is the province
 * officer, who decides once the experts have scored.
 */
export function waitingFor(state: ApplicationState): WaitingFor | null {
  return WAITING_FOR[state];
}
