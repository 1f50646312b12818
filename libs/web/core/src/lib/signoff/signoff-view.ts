import { type ApplicationSummaryDto, ErrorCode, type OrganisationKind, type Role, type SignatureDto, type TimelineDto } from '@dahe/shared/contracts';
import { type ActorRelation, type WorkflowAction, availableActions, isApplicationState, shanghaiDeadline, waitingFor } from '@dahe/shared/workflow';
import { describeHttpError, isApiErrorBody } from '../http/http-error-message';
import type { TranslationKey } from '../i18n/zh-CN';
import type { Translatable } from '../session/password-hints';

/** Where the person acts: the active organisation, as the session knows it. */
export interface ActiveOrg {
  readonly id: string;
  readonly kind: OrganisationKind;
}

/**
 * How the active organisation stands to an application. A supervising unit or the province sees only
 * applications it may act on (the API scopes every list and read), so being able to read it as that kind
 * of organisation is the relation; the API checks it again on every transition.
 */
export function actorRelationOf(active: ActiveOrg | null, applicationOrgId: string): ActorRelation {
  if (!active) return 'other';
  if (active.kind === 'school') return active.id === applicationOrgId ? 'school_member' : 'other';
  if (active.kind === 'supervisor') return 'supervisor_of_school';
  return 'province';
}

export interface ActionContext {
  readonly state: string;
  readonly roles: readonly Role[];
  readonly relation: ActorRelation;
  /** The clock and the school's deadline: without them `approve` is not hidden after the deadline. */
  readonly now?: Date;
  readonly deadline?: string;
  readonly extendedUntil?: string;
}

/** The buttons to show: the shared state machine's answer for this person, state and relation. */
export function allowedActions(ctx: ActionContext): WorkflowAction[] {
  if (!isApplicationState(ctx.state)) return [];
  const deadline = ctx.deadline ? new Date(ctx.deadline) : undefined;
  const extendedUntil = ctx.extendedUntil ? new Date(ctx.extendedUntil) : undefined;
  const clock =
    ctx.now && deadline && !Number.isNaN(deadline.getTime())
      ? { now: ctx.now, deadline, ...(extendedUntil && !Number.isNaN(extendedUntil.getTime()) ? { extendedUntil } : {}) }
      : undefined;
  return availableActions(ctx.state, ctx.roles, ctx.relation, clock);
}

export interface ActingPerson {
  readonly roles: readonly Role[];
  readonly active: ActiveOrg | null;
  /** CASL's `transition` right on this application (the API checks it first, so the UI does too). */
  readonly mayTransition: boolean;
}

/** The moves this person may make on the application now, against the school's deadline and any extension. */
export function actionsOnApplication(
  application: { readonly state: string; readonly orgId: string },
  timeline: Pick<TimelineDto, 'deadline' | 'extendedUntil' | 'correctionUntil' | 'receivedOnce'> | null,
  person: ActingPerson,
  now: Date = new Date(),
): WorkflowAction[] {
  if (!person.mayTransition) return [];
  // As the API decides: an application received once and returned for correction may be approved again until
  // the correction window closes, and 补正 itself is offered only while that window is open.
  const correctionOpen = Boolean(timeline?.correctionUntil && now.getTime() < new Date(timeline.correctionUntil).getTime());
  const until = [timeline?.extendedUntil, timeline?.receivedOnce ? timeline.correctionUntil : undefined]
    .filter((date): date is string => Boolean(date))
    .sort((a, b) => new Date(b).getTime() - new Date(a).getTime())[0];
  return allowedActions({
    state: application.state,
    roles: person.roles,
    relation: actorRelationOf(person.active, application.orgId),
    now,
    ...(timeline ? { deadline: timeline.deadline, ...(until ? { extendedUntil: until } : {}) } : {}),
  }).filter((action) => action !== 'return_for_correction' || correctionOpen);
}

export const ACTION_LABELS: Readonly<Record<WorkflowAction, TranslationKey>> = {
  submit_for_signature: 'signoff.action.submit_for_signature',
  sign: 'signoff.action.sign',
  approve: 'signoff.action.approve',
  return: 'signoff.action.return',
  withdraw: 'signoff.action.withdraw',
  pass_formal_check: 'signoff.action.pass_formal_check',
  return_for_correction: 'signoff.action.return_for_correction',
  start_expert_review: 'signoff.action.start_expert_review',
  decide: 'signoff.action.decide',
};

/** Actions that need a reason from the person (a return, with comments). */
export function needsComment(action: WorkflowAction): boolean {
  return action === 'return' || action === 'return_for_correction';
}

const REAUTH_KEYS: Readonly<Record<string, TranslationKey>> = {
  password_required: 'signoff.error.password_required',
  password_invalid: 'signoff.error.password_invalid',
  totp_required: 'signoff.error.totp_required',
  totp_invalid: 'signoff.error.totp_invalid',
};

/** Why a transition was refused, in words; `field` says which input to point at. */
export interface TransitionErrorView {
  readonly message: Translatable;
  readonly field?: 'password' | 'totp' | 'opinion' | 'comment';
  /** `not_ready`: the validation report explains what is missing. */
  readonly notReady?: boolean;
  /** The application moved on meanwhile: reload it. */
  readonly stale?: boolean;
}

/** Pure: a refused transition (`POST /api/applications/:id/transitions`) as the page explains it. */
export function describeTransitionError(status: number, body: unknown, requestId?: string | null): TransitionErrorView {
  const api = isApiErrorBody(body) ? body : undefined;
  switch (api?.code) {
    case ErrorCode.notReady:
      return { message: { key: 'signoff.error.notReady', params: { count: api.details?.length ?? 0 } }, notReady: true };
    case ErrorCode.reauthenticationFailed: {
      const detail = api.details?.[0] ?? 'password_invalid';
      return { message: { key: REAUTH_KEYS[detail] ?? 'signoff.error.password_invalid' }, field: detail.startsWith('totp') ? 'totp' : 'password' };
    }
    case ErrorCode.deadlinePassed:
      return { message: { key: 'signoff.error.deadlinePassed' } };
    case ErrorCode.contentChanged:
      return { message: { key: 'signoff.error.contentChanged' }, stale: true };
    case ErrorCode.validationFailed:
      return { message: { key: 'signoff.error.inputMissing' } };
    // 补正 after the call's correction window: nothing changed on the application, so not "stale".
    case ErrorCode.correctionClosed:
      return { message: { key: 'error.correctionClosed' } };
    default:
      break;
  }
  if (status === 409) return { message: { key: 'signoff.error.stateChanged' }, stale: true };
  if (status === 403) return { message: { key: 'signoff.error.notYourStep' }, stale: true };
  const fallback = describeHttpError(status, body, requestId);
  return { message: { key: fallback.key, ...(fallback.params ? { params: fallback.params } : {}) } };
}

/** The notice's declaration with the school's name in its blank (`_____(学校名称)`). */
export function fillDeclaration(text: string, schoolName: string): string {
  if (!schoolName) return text;
  return text.replace(/_{3,}\s*[(（][^)）]*[)）]/u, schoolName);
}

/** `sm3:66c7d2a1…90ab3f`: enough to compare by eye; the whole hash goes in a title and a copy. */
export function shortHash(hash: string | null | undefined): string {
  if (!hash) return '';
  const [alg, hex] = hash.includes(':') ? [hash.slice(0, hash.indexOf(':')), hash.slice(hash.indexOf(':') + 1)] : ['', hash];
  const short = hex.length > 20 ? `${hex.slice(0, 12)}…${hex.slice(-8)}` : hex;
  return alg ? `${alg.toUpperCase()} ${short}` : short;
}

const EVENT_KEYS: Readonly<Record<string, TranslationKey>> = {
  'application.submitted_for_signature': 'signoff.event.submitted_for_signature',
  'application.signed': 'signoff.event.signed',
  'application.approved': 'signoff.event.approved',
  'application.returned': 'signoff.event.returned',
  'application.withdrawn': 'signoff.event.withdrawn',
  'application.formal_check_passed': 'signoff.event.formal_check_passed',
  'application.returned_for_correction': 'signoff.event.returned_for_correction',
  'application.expert_review_started': 'signoff.event.expert_review_started',
  'application.decided': 'signoff.event.decided',
  'call.deadline_extended': 'signoff.event.deadline_extended',
};

/** A timeline event's words; an action this version does not know is shown by its name. */
export function eventLabel(action: string): Translatable {
  const key = EVENT_KEYS[action];
  return key ? { key } : { key: 'signoff.event.other', params: { action } };
}

export const SIGNATURE_STATUS: Readonly<Record<SignatureDto['status'], { readonly label: TranslationKey; readonly color: string }>> = {
  valid: { label: 'signoff.signature.valid', color: 'green' },
  void: { label: 'signoff.signature.void', color: 'red' },
  content_changed: { label: 'signoff.signature.content_changed', color: 'orange' },
};

export const SIGNATURE_KIND_LABELS: Readonly<Record<SignatureDto['kind'], TranslationKey>> = {
  legal_rep: 'signoff.signature.kind.legal_rep',
  supervisor: 'signoff.signature.kind.supervisor',
};

/** The signatures that still stand, for the printed form's 单位意见 and seal. */
export function validSignatures(timeline: TimelineDto | null): SignatureDto[] {
  return (timeline?.signatures ?? []).filter((signature) => signature.status === 'valid');
}

/** The school's deadline as it stands: the later of the call's and the province's extension. */
export function effectiveDeadlineOf(timeline: Pick<TimelineDto, 'deadline' | 'extendedUntil'>): string {
  if (!timeline.extendedUntil) return timeline.deadline;
  return new Date(timeline.extendedUntil).getTime() > new Date(timeline.deadline).getTime() ? timeline.extendedUntil : timeline.deadline;
}

export interface TodoContext {
  readonly roles: readonly Role[];
  readonly orgKind: OrganisationKind | undefined;
}

/**
 * What waits for this person: applications whose next move belongs to one of their roles in an
 * organisation of the active one's kind (the list is already scoped to what they may see), oldest first.
 */
export function todoOf(list: readonly ApplicationSummaryDto[], ctx: TodoContext): ApplicationSummaryDto[] {
  return list
    .filter((application) => {
      if (!isApplicationState(application.state)) return false;
      const next = waitingFor(application.state);
      return next !== null && next.organisationKind === ctx.orgKind && ctx.roles.includes(next.role);
    })
    .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
}

/** `YYYY-MM-DDTHH:mm` from a date-time field, read as Beijing time; null when it is not a time. */
export function beijingInputToIso(value: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value.trim());
  if (!match?.[1] || !match[2]) return null;
  try {
    return shanghaiDeadline(match[1], match[2]).toISOString();
  } catch {
    return null;
  }
}

/** A text's paragraphs as the printed form sets them: one per line, blank lines dropped. */
export function paragraphsOf(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
