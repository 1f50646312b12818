import { AbilityBuilder, createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import { type OrganisationKind, Role } from '@dahe/shared/contracts';

/** What a person may do; `manage` is CASL's wildcard action. */
export type Action =
  | 'manage' | 'read' | 'create' | 'update' | 'delete' | 'invite' | 'import' | 'unlock' | 'grant'
  /** Sign-off: move an application through the workflow at all (which move, and when, is the state machine's). */
  | 'transition'
  /** 法定代表人 signs the declaration and section 5. */
  | 'sign'
  /** 主管单位 approves with its opinion and seal. */
  | 'approve'
  /** Return work with comments (voids every signature so far). */
  | 'return'
  /** Extend a call's deadline for one school. */
  | 'extend'
  /** Expert review: an expert scores what is assigned to them and declares conflicts of interest. */
  | 'score'
  /** Make the call's recorded decisions (立项) visible to the schools. */
  | 'publish'
  /** Download a call's data (Excel workbook, bulk exports). */
  | 'export';

/**
 * What it is done to: a subject name, or a record tagged with `__typename` (see {@link subject}) whose
 * fields conditions test. Tree membership (a province reaching its schools) is checked in SQL and by
 * row-level security, not in these conditions.
 */
interface OrganisationSubject { readonly __typename: 'Organisation'; id?: string; parentId?: string }
interface MembershipSubject { readonly __typename: 'Membership'; orgId?: string; userId?: string; role?: string }
interface InvitationSubject { readonly __typename: 'Invitation'; orgId?: string }
interface UserSubject { readonly __typename: 'User'; id?: string }
/** `trail`: `application` for an application's own chain (read by whoever reads the application), `organisation` for the rest. */
interface AuditEventSubject { readonly __typename: 'AuditEvent'; orgId?: string; trail?: 'application' | 'organisation' }
interface CallSubject { readonly __typename: 'Call'; orgId?: string }
interface ApplicationSubject { readonly __typename: 'Application'; orgId?: string; state?: string }
/** The hand-over notifications (通知发件箱), by the application's organisation. */
interface OutboxMessageSubject { readonly __typename: 'OutboxMessage'; orgId?: string }
/** Expert review of a call: rubric, assignments, scores, conflicts, decisions; `expertId` for one expert's part. */
interface ReviewSubject { readonly __typename: 'Review'; expertId?: string }
/** The figures of a call as the active organisation may see them (province, supervising unit, school). */
interface DashboardSubject { readonly __typename: 'Dashboard' }

export type SubjectRecord = OrganisationSubject | MembershipSubject | InvitationSubject | UserSubject | AuditEventSubject | CallSubject | ApplicationSubject | OutboxMessageSubject | ReviewSubject | DashboardSubject;
export type SubjectName = SubjectRecord['__typename'] | 'all';

export type AppAbility = MongoAbility<[Action, SubjectName | SubjectRecord]>;

/** Who is acting, in which organisation: everything an ability depends on. */
export interface AbilityContext {
  userId: string;
  orgId: string;
  orgKind: OrganisationKind;
  roles: readonly Role[];
}

/** The rules of one person in their active organisation. Defined once; API and web both use them. */
export function defineRulesFor(ctx: AbilityContext): RawRuleOf<AppAbility>[] {
  const { can, cannot, rules } = new AbilityBuilder<AppAbility>(createMongoAbility);
  const has = (role: Role) => ctx.roles.includes(role);

  // Everyone: their own organisation, themselves, and the calls of their province.
  can('read', 'Organisation', { id: ctx.orgId });
  can('read', 'Call');
  can('read', 'User', { id: ctx.userId });
  can('update', 'User', { id: ctx.userId });
  can('read', 'Membership', { orgId: ctx.orgId });

  if (ctx.orgKind === 'province') {
    // The province sees the whole tree below it (rows scoped by SQL and RLS).
    can('read', 'Organisation');
    if (has(Role.provinceAdmin)) {
      // 系统管理员: organisations, accounts and calls; not roles of the other two admins.
      can(['create', 'update', 'import'], 'Organisation');
      can(['read', 'invite'], 'Membership');
      can(['read', 'create', 'delete'], 'Invitation');
      can('grant', 'Membership');
      cannot('grant', 'Membership', { role: { $in: [Role.securityAdmin, Role.auditor, Role.provinceAdmin] } });
      can('read', 'User');
      can('read', 'OutboxMessage');
    }
    if (has(Role.securityAdmin)) {
      // 安全管理员: roles, lock-outs, password policy.
      can(['read', 'update', 'grant', 'delete'], 'Membership');
      cannot('grant', 'Membership', { role: Role.securityAdmin });
      can('unlock', 'User');
      can('read', 'User');
    }
    if (has(Role.provinceOfficer)) {
      // 省厅业务处室: runs the calls; reads applications once submitted (row-level security decides when).
      can(['create', 'update'], 'Call');
      can('read', 'Application');
      // Returns any stage before submission, runs the checks after it; extends a school's deadline.
      can(['transition', 'return'], 'Application');
      // Runs the review (rubric, assignments, progress, decisions), publishes results, watches and exports.
      can(['read', 'update'], 'Review');
      can(['publish', 'export'], 'Call');
      can('read', 'Dashboard');
      can('extend', 'Call');
      can('read', 'AuditEvent', { trail: 'application' });
    }
    if (has(Role.auditor)) {
      // 审计管理员: reads every trail, changes nothing.
      can('read', 'AuditEvent');
      can('read', 'Membership');
    }
  }

  if (has(Role.supervisorAdmin) || has(Role.schoolAdmin)) {
    can(['read', 'invite', 'update', 'delete', 'grant'], 'Membership', { orgId: ctx.orgId });
    can(['read', 'create', 'delete'], 'Invitation', { orgId: ctx.orgId });
    can('read', 'User');
  }
  if (ctx.orgKind === 'province' && has(Role.expert)) {
    // 专家: only their own assignments (row-level security shows them nothing else), through the review
    // endpoints, which hide the school when the call is anonymous; no generic read of applications.
    can(['read', 'score'], 'Review', { expertId: ctx.userId });
  }
  if (ctx.orgKind === 'supervisor') {
    can('read', 'Dashboard');
    can('read', 'Organisation', { parentId: ctx.orgId });
    can('read', 'Application');
    can('read', 'AuditEvent', { trail: 'application' });
    // Its own schools only: row-level security shows a supervising unit nothing else.
    if (has(Role.supervisorReviewer)) can(['transition', 'approve', 'return'], 'Application');
  }
  if (ctx.orgKind === 'school') {
    // Everyone in the school reads its applications; admin and contact start them; drafters write
    // (only in the states the workflow allows: checked in the service).
    can('read', 'Application', { orgId: ctx.orgId });
    can('read', 'Dashboard');
    // An application's trail goes with the application (the organisation's own chain does not).
    can('read', 'AuditEvent', { orgId: ctx.orgId, trail: 'application' });
    if (has(Role.schoolAdmin) || has(Role.contact)) can('create', 'Application', { orgId: ctx.orgId });
    if (has(Role.schoolAdmin) || has(Role.contact) || has(Role.drafter)) can('update', 'Application', { orgId: ctx.orgId });
    // Sign-off: the contact submits for signature (and withdraws, as the admin may); the legal
    // representative signs or returns.
    if (has(Role.schoolAdmin) || has(Role.contact) || has(Role.legalRep)) can('transition', 'Application', { orgId: ctx.orgId });
    if (has(Role.legalRep)) can(['sign', 'return'], 'Application', { orgId: ctx.orgId });
    if (has(Role.schoolAdmin)) can('read', 'OutboxMessage', { orgId: ctx.orgId });
  }

  // Nobody changes their own memberships: no self-promotion, no locking oneself out by mistake.
  cannot(['update', 'delete', 'grant'], 'Membership', { userId: ctx.userId });
  return rules;
}

const detectSubjectType = (record: SubjectRecord) => record.__typename;

export function abilityFromRules(rules: RawRuleOf<AppAbility>[]): AppAbility {
  return createMongoAbility<AppAbility>(rules, { detectSubjectType });
}

export function defineAbilityFor(ctx: AbilityContext): AppAbility {
  return abilityFromRules(defineRulesFor(ctx));
}

/** Tags a plain record with its subject type, so conditions apply to it. */
export function subject<N extends SubjectRecord['__typename']>(type: N, record: Omit<Extract<SubjectRecord, { __typename: N }>, '__typename'>): SubjectRecord {
  return { ...record, __typename: type } as SubjectRecord;
}
