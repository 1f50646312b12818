import type { OrganisationKind } from './organisation';

/** Every role a membership can carry; which organisation kind may hold it is in {@link ROLES_OF_KIND}. */
export const Role = {
  provinceAdmin: 'province_admin',
  provinceOfficer: 'province_officer',
  expert: 'expert',
  auditor: 'auditor',
  securityAdmin: 'security_admin',
  supervisorAdmin: 'supervisor_admin',
  supervisorReviewer: 'supervisor_reviewer',
  schoolAdmin: 'school_admin',
  drafter: 'drafter',
  contact: 'contact',
  legalRep: 'legal_rep',
  viewer: 'viewer',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ROLES_OF_KIND: Record<OrganisationKind, readonly Role[]> = {
  province: [Role.provinceAdmin, Role.provinceOfficer, Role.expert, Role.auditor, Role.securityAdmin],
  supervisor: [Role.supervisorAdmin, Role.supervisorReviewer],
  school: [Role.schoolAdmin, Role.drafter, Role.contact, Role.legalRep, Role.viewer],
};

/** 三员分立: system, security and audit administration are held by three different people. */
export const SEPARATED_ADMIN_ROLES: readonly Role[] = [Role.provinceAdmin, Role.securityAdmin, Role.auditor];

/** Roles that must enrol a second factor when DAHE_REQUIRE_2FA is on. */
export const ROLES_REQUIRING_2FA: readonly Role[] = [Role.provinceAdmin, Role.securityAdmin, Role.auditor, Role.legalRep];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (Object.values(Role) as string[]).includes(value);
}

/** Why a set of roles may not be held together in one organisation, or undefined when it may. */
export function roleSetViolation(kind: OrganisationKind, roles: readonly Role[]): 'wrong_kind' | 'separation_of_duties' | undefined {
  if (roles.some((role) => !ROLES_OF_KIND[kind].includes(role))) return 'wrong_kind';
  if (roles.filter((role) => SEPARATED_ADMIN_ROLES.includes(role)).length > 1) return 'separation_of_duties';
  return undefined;
}
