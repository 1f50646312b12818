import { Injectable } from '@nestjs/common';
import { AuditService, applicationChain } from '@dahe/api/core/data-access-audit';
import { Database, type Sql } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { subject } from '@dahe/shared/authz';
import { type ApplicationAuditDto, type AuditVerificationDto, ErrorCode } from '@dahe/shared/contracts';

/** The most events one answer lists; an application's chain is a few dozen steps. */
const MAX_EVENTS = 5000;

/**
 * An application's audit trail: listed, and recomputed on demand. Readable by whoever may read the
 * application, and by the province's auditor (审计管理员), who reads every trail of the province and
 * nothing else: no content is loaded here, only the chain.
 */
@Injectable()
export class ApplicationAuditService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  list(identity: RequestIdentity, applicationId: string): Promise<ApplicationAuditDto> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const orgId = await this.readableTrail(sql, identity, applicationId);
      const events = await this.audit.list(sql, orgId, applicationChain(applicationId), MAX_EVENTS);
      const ids = [...new Set(events.map((e) => e.actorUserId).filter((id): id is string => id !== null))];
      const names = ids.length ? await sql.rows<{ id: string; display_name: string }>(`SELECT id, display_name FROM app_user WHERE id = ANY($1::uuid[])`, [ids]) : [];
      const nameOf = new Map(names.map((row) => [row.id, row.display_name]));
      return {
        applicationId,
        events: events.map((event) => ({
          seq: event.seq,
          id: event.id,
          at: event.occurredAt,
          action: event.action,
          actorId: event.actorUserId,
          actorName: event.actorUserId ? (nameOf.get(event.actorUserId) ?? null) : null,
          actorRole: event.actorRole,
          subjectType: event.subjectType,
          subjectId: event.subjectId,
          data: event.data,
          alg: event.alg,
          prevHash: event.prevHash,
          hash: event.hash,
        })),
      };
    });
  }

  verify(identity: RequestIdentity, applicationId: string): Promise<AuditVerificationDto> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const orgId = await this.readableTrail(sql, identity, applicationId);
      return this.audit.verify(sql, orgId, applicationChain(applicationId));
    });
  }

  /** Row-level security shows the application row (the tree); CASL says whether its trail is this person's to read. */
  private async readableTrail(sql: Sql, identity: RequestIdentity, applicationId: string): Promise<string> {
    const application = await sql.one<{ org_id: string }>(`SELECT org_id FROM application WHERE id = $1`, [applicationId]);
    if (!application || !identity.ability.can('read', subject('AuditEvent', { orgId: application.org_id, trail: 'application' }))) {
      throw new AppException(ErrorCode.notFound, 'Application not found');
    }
    return application.org_id;
  }
}
