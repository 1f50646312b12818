import { Injectable } from '@nestjs/common';
import { Database } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { type CallDto, type CountryRiskLevel, ErrorCode } from '@dahe/shared/contracts';
import type { CreateCallDto } from './dto/applications.dto';

export interface CallRow {
  org_id: string;
  id: string;
  title: string;
  year: number;
  template: 'dahe-2024';
  opens_at: Date;
  deadline: Date;
  per_school_limit: number;
  contact: CallDto['contact'];
  country_risk: Record<string, CountryRiskLevel>;
  status: CallDto['status'];
}

const RISK_LEVELS = new Set(['ok', 'caution', 'prohibited']);

@Injectable()
export class CallsService {
  constructor(private readonly db: Database) {}

  /** Calls of the province above (or at) the active organisation; schools see only open ones. */
  list(identity: RequestIdentity): Promise<CallDto[]> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const rows = await sql.rows<CallRow>(
        `SELECT * FROM call WHERE ($1 = 'province' OR status = 'open') ORDER BY deadline DESC`,
        [identity.org.kind],
      );
      return rows.map(toCallDto);
    });
  }

  create(identity: RequestIdentity, input: CreateCallDto): Promise<CallDto> {
    if (identity.org.kind !== 'province') throw new AppException(ErrorCode.forbidden, 'Only a province opens calls');
    const opensAt = new Date(input.opensAt);
    const deadline = new Date(input.deadline);
    if (deadline.getTime() <= opensAt.getTime()) throw new AppException(ErrorCode.validationFailed, 'The deadline must come after the opening time');
    const countryRisk = input.countryRisk ?? {};
    for (const [country, level] of Object.entries(countryRisk)) {
      if (!/^[A-Z]{2}$/.test(country) || !RISK_LEVELS.has(level)) throw new AppException(ErrorCode.validationFailed, `countryRisk.${country} must map an ISO alpha-2 code to ok, caution or prohibited`);
    }
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const row = await sql.one<CallRow>(
        `INSERT INTO call (org_id, title, year, template, opens_at, deadline, per_school_limit, contact, country_risk, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [identity.org.id, input.title.trim(), input.year, input.template, opensAt, deadline, input.perSchoolLimit ?? 1, JSON.stringify(input.contact ?? {}), JSON.stringify(countryRisk), identity.userId],
      );
      if (!row) throw new Error('call insert returned nothing');
      return toCallDto(row);
    });
  }

  open(identity: RequestIdentity, callId: string): Promise<CallDto> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const row = await sql.one<CallRow>(`UPDATE call SET status = 'open' WHERE id = $1 AND org_id = $2 AND status = 'draft' RETURNING *`, [callId, identity.org.id]);
      if (!row) throw new AppException(ErrorCode.notFound, 'Call not found, or not a draft');
      return toCallDto(row);
    });
  }
}

export function toCallDto(row: CallRow): CallDto {
  return {
    id: row.id,
    orgId: row.org_id,
    title: row.title,
    year: row.year,
    template: row.template,
    opensAt: row.opens_at.toISOString(),
    deadline: row.deadline.toISOString(),
    perSchoolLimit: row.per_school_limit,
    contact: row.contact,
    countryRisk: row.country_risk,
    status: row.status,
  };
}
