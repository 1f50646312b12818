import { Injectable } from '@nestjs/common';
import { AuditService } from '@dahe/api/core/data-access-audit';
import { Database, type Sql } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { ErrorCode, type ImportReport, type ImportRowReport, type OrganisationDto, type SchoolType, isValidCreditCode } from '@dahe/shared/contracts';
import { type OrganisationRow, notFound } from './access';
import { InvitationsService } from './invitations.service';
import { SheetError, type SheetRow, readOrganisationSheet } from './organisation-sheet';

export interface NewOrganisation {
  kind: 'supervisor' | 'school';
  name: string;
  parentId: string;
  schoolType?: SchoolType;
  city?: string;
  creditCode?: string;
}

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly invitations: InvitationsService,
  ) {}

  /** The active organisation, its subtree and its ancestors: what row-level security shows, in tree order. */
  list(identity: RequestIdentity): Promise<OrganisationDto[]> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const rows = await sql.rows<OrganisationRow>(
        `SELECT * FROM organisation WHERE path LIKE $1 || '%' OR $1 LIKE path || '%' ORDER BY array_position(ARRAY['province', 'supervisor', 'school'], kind), name`,
        [identity.org.path],
      );
      return rows.map(toDto);
    });
  }

  create(identity: RequestIdentity, input: NewOrganisation, ip?: string): Promise<OrganisationDto> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const parent = await sql.one<OrganisationRow>(`SELECT * FROM organisation WHERE id = $1 AND path LIKE $2 || '%'`, [input.parentId, identity.org.path]);
      if (!parent) throw notFound('Parent organisation');
      const expectedParent = input.kind === 'supervisor' ? 'province' : 'supervisor';
      if (parent.kind !== expectedParent) throw new AppException(ErrorCode.validationFailed, `A ${input.kind} belongs under a ${expectedParent}`);
      if (input.kind === 'school' && !input.schoolType) throw new AppException(ErrorCode.validationFailed, 'A school needs its type (higher_vocational or secondary_vocational)');
      if (input.kind === 'supervisor' && input.schoolType) throw new AppException(ErrorCode.validationFailed, 'Only schools have a type');
      if (input.creditCode && !isValidCreditCode(input.creditCode)) throw new AppException(ErrorCode.validationFailed, 'Invalid unified social credit code (check character)');
      const created = await this.insert(sql, identity, { ...input }, 'form', ip);
      return toDto(created);
    });
  }

  /**
   * Imports schools (and their supervising units, created when missing) from an .xlsx sheet: every row
   * is checked first; any error → nothing is written and the report says why, row by row. Rows that
   * match what exists (same credit code, name and unit) are unchanged, so importing twice changes nothing.
   * Each new school gets an invitation for its admin; the links come back in the report.
   */
  async import(identity: RequestIdentity, file: Buffer, dryRun: boolean, ip?: string): Promise<ImportReport> {
    let sheet: SheetRow[];
    try {
      sheet = await readOrganisationSheet(file);
    } catch (error) {
      if (error instanceof SheetError) throw new AppException(ErrorCode.validationFailed, error.message);
      throw error;
    }
    if (identity.org.kind !== 'province') throw notFound();
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const existing = await sql.rows<OrganisationRow & { parent_name: string | null }>(
        `SELECT o.*, p.name AS parent_name FROM organisation o LEFT JOIN organisation p ON p.id = o.parent_id WHERE o.path LIKE $1 || '%'`,
        [identity.org.path],
      );
      const byCode = new Map(existing.filter((o) => o.credit_code).map((o) => [o.credit_code, o]));
      const supervisors = new Map(existing.filter((o) => o.kind === 'supervisor').map((o) => [o.name, o]));
      // Codes are unique across every province; whose they are is not this province's business.
      const takenElsewhere = new Set<string>();
      for (const row of sheet) {
        if (row.creditCode && !byCode.has(row.creditCode) && (await sql.one<{ taken: boolean }>(`SELECT dahe_credit_code_taken($1) AS taken`, [row.creditCode]))?.taken) {
          takenElsewhere.add(row.creditCode);
        }
      }
      const reports: ImportRowReport[] = sheet.map((row) => {
        const errors = [...row.errors];
        const match = byCode.get(row.creditCode);
        let outcome: ImportRowReport['outcome'] = 'create';
        if (match) {
          if (match.kind === 'school' && match.name === row.name && match.parent_name === row.supervisor && match.school_type === row.schoolType) outcome = 'unchanged';
          else errors.push(`统一社会信用代码已属于“${match.name}” / the credit code belongs to ${match.name}`);
        } else {
          if (takenElsewhere.has(row.creditCode)) errors.push(`统一社会信用代码已被其他单位使用 / the credit code is used by another organisation`);
          const sibling = existing.find((o) => o.kind === 'school' && o.name === row.name && o.parent_name === row.supervisor);
          if (sibling) errors.push(`该主管单位下已有同名学校（代码 ${sibling.credit_code ?? '无'}）/ a school of this name exists under this unit`);
        }
        return { row: row.row, name: row.name, outcome: errors.length > 0 ? 'error' : outcome, errors };
      });
      const summary = { create: 0, unchanged: 0, error: 0 };
      for (const report of reports) summary[report.outcome]++;
      if (summary.error > 0) {
        throw new AppException(ErrorCode.importRejected, `${summary.error} row(s) have errors; nothing was imported`, undefined, { report: { dryRun, imported: false, rows: reports, summary } satisfies ImportReport });
      }
      if (dryRun || summary.create === 0) return { dryRun, imported: !dryRun, rows: reports, summary };

      for (const [index, row] of sheet.entries()) {
        const report = reports[index];
        if (!report || report.outcome !== 'create') continue;
        let supervisorId = supervisors.get(row.supervisor)?.id;
        if (!supervisorId) {
          const created = await this.insert(sql, identity, { kind: 'supervisor', name: row.supervisor, parentId: identity.org.id, city: row.city }, 'import', ip);
          supervisors.set(row.supervisor, { ...created, parent_name: null });
          supervisorId = created.id;
        }
        const school = await this.insert(sql, identity, { kind: 'school', name: row.name, parentId: supervisorId, schoolType: row.schoolType, city: row.city, creditCode: row.creditCode }, 'import', ip);
        const invitation = await this.invitations.insert(sql, identity.userId, school.id, { email: row.adminEmail, mobile: row.adminMobile, displayName: row.adminName, role: 'school_admin' }, ip, identity.roles.join(','));
        report.adminInvitationLink = invitation.link;
      }
      await this.audit.append(sql, {
        orgId: identity.org.id,
        actor: { userId: identity.userId, role: identity.roles.join(','), ip },
        event: { action: 'organisation.imported', data: { created: summary.create, unchanged: summary.unchanged } },
      });
      return { dryRun, imported: true, rows: reports, summary };
    });
  }

  private async insert(sql: Sql, identity: RequestIdentity, input: NewOrganisation, via: 'form' | 'import', ip?: string): Promise<OrganisationRow> {
    let row: OrganisationRow | undefined;
    try {
      row = await sql.one<OrganisationRow>(
        `INSERT INTO organisation (parent_id, kind, name, school_type, city, credit_code) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [input.parentId, input.kind, input.name.trim(), input.schoolType ?? null, input.city ?? null, input.creditCode ?? null],
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new AppException(ErrorCode.conflict, 'An organisation with this name or credit code exists already');
      throw error;
    }
    if (!row) throw new Error('organisation insert returned nothing');
    await this.audit.append(sql, {
      orgId: identity.org.id,
      actor: { userId: identity.userId, role: identity.roles.join(','), ip },
      subject: { type: 'organisation', id: row.id },
      event: { action: 'organisation.created', data: { kind: input.kind, parentId: input.parentId, via } },
    });
    return row;
  }
}

function toDto(row: OrganisationRow): OrganisationDto {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    parentId: row.parent_id ?? undefined,
    schoolType: row.school_type ?? undefined,
    city: row.city ?? undefined,
    creditCode: row.credit_code ?? undefined,
  };
}
