import { type Sql } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { type Action, subject } from '@dahe/shared/authz';
import { ErrorCode, type OrganisationKind, type SchoolType } from '@dahe/shared/contracts';

export interface OrganisationRow {
  id: string;
  name: string;
  kind: OrganisationKind;
  parent_id: string | null;
  school_type: SchoolType | null;
  city: string | null;
  credit_code: string | null;
  path: string;
}

/** Not found and not allowed answer alike, so nobody learns that another tenant's record exists. */
export function notFound(what = 'Organisation'): AppException {
  return new AppException(ErrorCode.notFound, `${what} not found`);
}

/**
 * Loads an organisation the person may act on with `action` over its memberships: it must be visible
 * under row-level security (the active organisation's subtree) and pass the CASL rule on the record.
 */
export async function organisationForMembers(sql: Sql, identity: RequestIdentity, orgId: string, action: Action): Promise<OrganisationRow> {
  const org = await sql.one<OrganisationRow>(`SELECT * FROM organisation WHERE id = $1 AND path LIKE $2 || '%'`, [orgId, identity.org.path]);
  if (!org || !identity.ability.can(action, subject('Membership', { orgId: org.id }))) throw notFound();
  return org;
}

export function maskMobile(mobile: string): string {
  return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}
