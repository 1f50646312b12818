import { Injectable } from '@nestjs/common';
import { AuditService, ORG_CHAIN } from '@dahe/api/core/data-access-audit';
import { Database } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { subject } from '@dahe/shared/authz';
import { type DecisionsResponse, ErrorCode, type PublishResultsResponse } from '@dahe/shared/contracts';
import { OutboxDispatcher } from '../outbox/outbox-dispatcher';
import { SignoffEngine } from '../signoff-engine';
import { recordDecisions } from './decision-store';
import type { DecisionsRequestDto } from './dto/review.dto';
import { loadReviewCall, requireOfficer, tenantOf } from './review-access';
import { actorOf, officerHooks } from './review-setup.service';

/**
 * Decisions (立项): recorded by the province first, where no school or supervising unit can read them,
 * then published: each becomes its application's state through the sign-off engine's `decide`, with the
 * note as the move's comment, on the application's own trail (which the school reads).
 */
@Injectable()
export class DecisionsService {
  private readonly engine: SignoffEngine;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly outbox: OutboxDispatcher,
  ) {
    this.engine = new SignoffEngine(audit, outbox.notifier);
  }

  /** Records or overwrites decisions of applications in expert review (422 for any other). */
  record(identity: RequestIdentity, callId: string, body: DecisionsRequestDto, ip?: string): Promise<DecisionsResponse> {
    requireOfficer(identity);
    const ids = body.items.map((item) => item.applicationId);
    if (new Set(ids).size !== ids.length) throw new AppException(ErrorCode.validationFailed, 'One decision per application');
    return this.db.inTenant(tenantOf(identity), async (sql) => {
      const call = await loadReviewCall(sql, identity, callId);
      const applications = await sql.rows<{ id: string; state: string }>(`SELECT id, state FROM application WHERE call_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`, [call.id, ids]);
      if (applications.length !== ids.length) throw new AppException(ErrorCode.notFound, 'Application not found or no access');
      const wrong = applications.filter((a) => a.state !== 'expert_review').map((a) => a.id);
      if (wrong.length > 0) throw new AppException(ErrorCode.notUnderReview, 'Only applications in expert review can be decided', wrong);
      await recordDecisions(sql, this.audit, {
        provinceId: call.org_id,
        callId: call.id,
        actor: { userId: identity.userId, role: 'province_officer', ip },
        items: body.items.map((item) => ({ applicationId: item.applicationId, decision: item.decision, note: item.note.trim() })),
      });
      return { recorded: body.items.length };
    });
  }

  /**
   * Publishes every recorded, unpublished decision of the call whose application is still in expert review.
   * Idempotent: a second run publishes only what was recorded since. The call's row lock serialises runs.
   */
  async publish(identity: RequestIdentity, callId: string, ip?: string): Promise<PublishResultsResponse> {
    requireOfficer(identity);
    const result = await this.db.inTenant(tenantOf(identity), async (sql) => {
      const call = await loadReviewCall(sql, identity, callId, true);
      if (!identity.ability.can('publish', subject('Call', { orgId: call.org_id }))) throw new AppException(ErrorCode.notFound, 'Call not found or no access');
      // First the call counts as published, so that the engine's `decide` applies instead of recording.
      const published = await sql.one<{ results_published_at: Date }>(
        `UPDATE call SET results_published_at = coalesce(results_published_at, now()), results_published_by = coalesce(results_published_by, $2) WHERE id = $1 RETURNING results_published_at`,
        [call.id, identity.userId],
      );
      if (!published) throw new Error('call update returned nothing');
      const pending = await sql.rows<{ application_id: string; decision: 'approved' | 'rejected'; note: string }>(
        `SELECT d.application_id, d.decision, d.note FROM application_decision d JOIN application a ON a.id = d.application_id
          WHERE d.org_id = $1 AND d.call_id = $2 AND d.published_at IS NULL AND a.state = 'expert_review'
          ORDER BY d.application_id`,
        [call.org_id, call.id],
      );
      for (const decision of pending) {
        await this.engine.apply(sql, actorOf(identity, ip), decision.application_id, { action: 'decide', decision: decision.decision, comment: decision.note }, officerHooks(identity));
      }
      if (pending.length > 0) {
        await this.audit.append(sql, {
          orgId: call.org_id,
          chain: ORG_CHAIN,
          actor: { userId: identity.userId, role: 'province_officer', ip },
          subject: { type: 'call', id: call.id },
          event: { action: 'review.results_published', data: { callId: call.id, published: pending.length } },
        });
      }
      return { published: pending.length, publishedAt: published.results_published_at.toISOString() };
    });
    this.outbox.kick();
    return result;
  }
}
