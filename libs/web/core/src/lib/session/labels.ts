import type { OrganisationKind, Role, SchoolType } from '@dahe/shared/contracts';
import type { TranslationKey } from '../i18n/zh-CN';

/** Each role's name; typed as a total record, so a new role without a label does not compile. */
export const ROLE_LABELS: Readonly<Record<Role, TranslationKey>> = {
  province_admin: 'role.province_admin',
  province_officer: 'role.province_officer',
  expert: 'role.expert',
  auditor: 'role.auditor',
  security_admin: 'role.security_admin',
  supervisor_admin: 'role.supervisor_admin',
  supervisor_reviewer: 'role.supervisor_reviewer',
  school_admin: 'role.school_admin',
  drafter: 'role.drafter',
  contact: 'role.contact',
  legal_rep: 'role.legal_rep',
  viewer: 'role.viewer',
};

/** One line on what each role is for. */
export const ROLE_DESCRIPTIONS: Readonly<Record<Role, TranslationKey>> = {
  province_admin: 'role.province_admin.desc',
  province_officer: 'role.province_officer.desc',
  expert: 'role.expert.desc',
  auditor: 'role.auditor.desc',
  security_admin: 'role.security_admin.desc',
  supervisor_admin: 'role.supervisor_admin.desc',
  supervisor_reviewer: 'role.supervisor_reviewer.desc',
  school_admin: 'role.school_admin.desc',
  drafter: 'role.drafter.desc',
  contact: 'role.contact.desc',
  legal_rep: 'role.legal_rep.desc',
  viewer: 'role.viewer.desc',
};

export const ORG_KIND_LABELS: Readonly<Record<OrganisationKind, TranslationKey>> = {
  province: 'orgKind.province',
  supervisor: 'orgKind.supervisor',
  school: 'orgKind.school',
};

export const SCHOOL_TYPE_LABELS: Readonly<Record<SchoolType, TranslationKey>> = {
  higher_vocational: 'schoolType.higher_vocational',
  secondary_vocational: 'schoolType.secondary_vocational',
};

/**
 * The label of a role the API sent. Roles arrive as strings from the server, which may know a role
 * this build does not yet: show its code rather than nothing.
 */
export function roleLabel(role: string): TranslationKey | undefined {
  return Object.hasOwn(ROLE_LABELS, role) ? ROLE_LABELS[role as Role] : undefined;
}
