import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { ErrorCode, type SectionCommentDto } from '@dahe/shared/contracts';
import { isSectionKey } from '@dahe/shared/form';
import { readableApplication } from './collaboration.service';

interface CommentRow {
  id: string;
  thread_id: string | null;
  author: string;
  author_name: string;
  body: string;
  mentions: string[];
  resolved_at: Date | null;
  created_at: Date;
}

/** Comment threads on a section; everyone who may read the section's text may take part. */
@Injectable()
export class CommentsService {
  constructor(private readonly db: Database) {}

  list(identity: RequestIdentity, applicationId: string, key: string): Promise<SectionCommentDto[]> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const orgId = await this.readable(sql, identity, applicationId, key);
      const rows = await sql.rows<CommentRow>(
        `SELECT c.*, u.display_name AS author_name FROM section_comment c JOIN app_user u ON u.id = c.author
          WHERE c.org_id = $1 AND c.application_id = $2 AND c.section_key = $3 ORDER BY c.created_at, c.id`,
        [orgId, applicationId, key],
      );
      return rows.map(toDto);
    });
  }

  add(identity: RequestIdentity, applicationId: string, key: string, input: { body: string; replyTo?: string; mentions?: string[] }): Promise<SectionCommentDto> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const orgId = await this.readable(sql, identity, applicationId, key);
      if (input.replyTo) {
        const root = await sql.one<{ thread_id: string | null }>(`SELECT thread_id FROM section_comment WHERE org_id = $1 AND id = $2 AND application_id = $3 AND section_key = $4`, [orgId, input.replyTo, applicationId, key]);
        if (!root || root.thread_id !== null) throw new AppException(ErrorCode.validationFailed, 'replyTo must be the first comment of a thread on this section');
      }
      const mentions = [...new Set(input.mentions ?? [])];
      if (mentions.length > 0) {
        // Only members of the school can be mentioned: nobody outside learns of the text this way.
        const members = await sql.rows<{ user_id: string }>(`SELECT DISTINCT user_id FROM membership WHERE org_id = $1 AND status = 'active' AND user_id = ANY($2)`, [orgId, mentions]);
        if (members.length !== mentions.length) throw new AppException(ErrorCode.validationFailed, 'Only members of the school can be mentioned');
      }
      const row = await sql.one<CommentRow>(
        `WITH inserted AS (
           INSERT INTO section_comment (org_id, application_id, section_key, thread_id, author, body, mentions) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *
         ) SELECT inserted.*, u.display_name AS author_name FROM inserted JOIN app_user u ON u.id = inserted.author`,
        [orgId, applicationId, key, input.replyTo ?? null, identity.userId, input.body, mentions],
      );
      if (!row) throw new Error('comment insert returned nothing');
      return toDto(row);
    });
  }

  async setResolved(identity: RequestIdentity, applicationId: string, key: string, commentId: string, resolved: boolean): Promise<SectionCommentDto[]> {
    await this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const orgId = await this.readable(sql, identity, applicationId, key);
      const changed = await sql.exec(
        `UPDATE section_comment SET resolved_at = CASE WHEN $5 THEN now() END, resolved_by = CASE WHEN $5 THEN $6::uuid END
          WHERE org_id = $1 AND application_id = $2 AND section_key = $3 AND id = $4 AND thread_id IS NULL`,
        [orgId, applicationId, key, commentId, resolved, identity.userId],
      );
      if (changed === 0) throw new AppException(ErrorCode.notFound, 'Thread not found');
    });
    return this.list(identity, applicationId, key);
  }

  private readable(sql: Sql, identity: RequestIdentity, applicationId: string, key: string): Promise<string> {
    if (!isSectionKey(key)) throw new AppException(ErrorCode.notFound, `No section "${key}" in this template`);
    return readableApplication(sql, identity, applicationId);
  }
}

function toDto(row: CommentRow): SectionCommentDto {
  return {
    id: row.id,
    threadId: row.thread_id,
    author: row.author,
    authorName: row.author_name,
    body: row.body,
    mentions: row.mentions,
    resolvedAt: row.resolved_at?.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}
