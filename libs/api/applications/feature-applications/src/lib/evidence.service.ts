import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { Database, type Sql } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { subject } from '@dahe/shared/authz';
import { EVIDENCE_APPLICATION_LIMIT, EVIDENCE_FILE_LIMIT, ErrorCode, type EvidenceFileDto, type EvidenceItemDto, type EvidenceMediaType } from '@dahe/shared/contracts';
import { evidenceReference, isCode } from '@dahe/shared/form';
import { FILE_STORE, type FileStore } from './file-store';
import { sniffMediaType } from './file-type';

export interface UploadedEvidenceFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

interface ItemRow {
  id: string;
  category: string;
  title: string;
  is_agreement: boolean;
  created_at: Date;
}

interface FileRow {
  id: string;
  item_id: string;
  filename: string;
  media_type: EvidenceMediaType;
  size: string;
  sha256: Buffer;
  sm3: Buffer;
  storage_key: string;
}

const EDITABLE = new Set(['draft', 'returned']);

@Injectable()
export class EvidenceService {
  private readonly logger = new Logger(EvidenceService.name);

  constructor(
    private readonly db: Database,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {}

  /** Checks every file first (type from the bytes, size, the application's total); stores all or none. */
  upload(identity: RequestIdentity, applicationId: string, input: { category: string; title: string; isAgreement: boolean }, files: UploadedEvidenceFile[]): Promise<EvidenceItemDto> {
    if (!isCode(input.category)) throw new AppException(ErrorCode.validationFailed, 'category must be one of degree, skills_training, tech_service, research, equipment_export, cultural_exchange');
    const title = input.title.trim();
    if (title.length < 1 || title.length > 200) throw new AppException(ErrorCode.validationFailed, 'title must be 1–200 characters');
    if (files.length === 0) throw new AppException(ErrorCode.validationFailed, 'Attach at least one file (PDF, JPEG or PNG)');
    const typed = files.map((file) => {
      const mediaType = sniffMediaType(file.buffer);
      if (!mediaType) throw new AppException(ErrorCode.validationFailed, `“${file.originalname}” is not a PDF, JPEG or PNG file`);
      if (file.size > EVIDENCE_FILE_LIMIT) throw new AppException(ErrorCode.payloadTooLarge, `“${file.originalname}” is larger than 20 MB`);
      return { ...file, mediaType };
    });
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const application = await this.editable(sql, identity, applicationId);
      const used = Number((await sql.one<{ total: string }>(`SELECT coalesce(sum(size), 0)::text AS total FROM evidence_file WHERE org_id = $1 AND application_id = $2`, [application.org_id, applicationId]))?.total ?? 0);
      const adding = typed.reduce((sum, file) => sum + file.size, 0);
      if (used + adding > EVIDENCE_APPLICATION_LIMIT) throw new AppException(ErrorCode.payloadTooLarge, 'The evidence of one application is limited to 200 MB in all');
      const item = await sql.one<ItemRow>(
        `INSERT INTO evidence_item (org_id, application_id, category, title, is_agreement, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [application.org_id, applicationId, input.category, title, input.isAgreement, identity.userId],
      );
      if (!item) throw new Error('evidence insert returned nothing');
      const stored: EvidenceFileDto[] = [];
      for (const file of typed) {
        const key = `evidence/${applicationId}/${randomUUID()}`;
        // Before the commit: should the transaction roll back, an object outside the database stays
        // orphaned, which is harmless (no row names it, nothing reads it).
        await this.store.put(sql, application.org_id, key, file.buffer);
        const row = await sql.one<FileRow>(
          `INSERT INTO evidence_file (org_id, item_id, application_id, filename, media_type, size, sha256, sm3, storage_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
          [application.org_id, item.id, applicationId, file.originalname.slice(0, 255), file.mediaType, file.size, digest('sha256', file.buffer), digest('sm3', file.buffer), key],
        );
        if (row) stored.push(toFileDto(row));
      }
      return { id: item.id, category: item.category, title: item.title, isAgreement: item.is_agreement, createdAt: item.created_at.toISOString(), files: stored };
    });
  }

  list(identity: RequestIdentity, applicationId: string): Promise<EvidenceItemDto[]> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const application = await this.readable(sql, identity, applicationId);
      return this.items(sql, application.org_id, applicationId);
    });
  }

  /** Renames, recategorises or (un)flags an item; citations in the text name it by id, so they follow. */
  update(identity: RequestIdentity, applicationId: string, itemId: string, input: { title?: string; category?: string; isAgreement?: boolean }): Promise<EvidenceItemDto> {
    if (input.category !== undefined && !isCode(input.category)) throw new AppException(ErrorCode.validationFailed, 'Unknown evidence category');
    const title = input.title?.trim();
    if (title !== undefined && (title.length < 1 || title.length > 200)) throw new AppException(ErrorCode.validationFailed, 'title must be 1–200 characters');
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const application = await this.editable(sql, identity, applicationId);
      const changed = await sql.exec(
        `UPDATE evidence_item SET title = coalesce($4, title), category = coalesce($5, category), is_agreement = coalesce($6, is_agreement)
          WHERE org_id = $1 AND application_id = $2 AND id = $3`,
        [application.org_id, applicationId, itemId, title ?? null, input.category ?? null, input.isAgreement ?? null],
      );
      if (changed === 0) throw new AppException(ErrorCode.notFound, 'Evidence item not found');
      const item = (await this.items(sql, application.org_id, applicationId)).find((i) => i.id === itemId);
      if (!item) throw new AppException(ErrorCode.notFound, 'Evidence item not found');
      return item;
    });
  }

  async remove(identity: RequestIdentity, applicationId: string, itemId: string): Promise<void> {
    const removed = await this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const application = await this.editable(sql, identity, applicationId);
      // A cited item stays until its citations go, so the printed page references never dangle.
      const citing = await sql.rows<{ section_key: string }>(
        `SELECT section_key FROM application_section WHERE org_id = $1 AND application_id = $2 AND position($3 in content::text) > 0 ORDER BY section_key`,
        [application.org_id, applicationId, evidenceReference(itemId)],
      );
      if (citing.length > 0) throw new AppException(ErrorCode.conflict, `The item is cited in ${citing.map((c) => c.section_key).join(', ')}; remove the citations first`, citing.map((c) => c.section_key));
      const files = await sql.rows<FileRow>(`SELECT * FROM evidence_file WHERE org_id = $1 AND item_id = $2`, [application.org_id, itemId]);
      const deleted = await sql.exec(`DELETE FROM evidence_item WHERE org_id = $1 AND application_id = $2 AND id = $3`, [application.org_id, applicationId, itemId]);
      if (deleted === 0) throw new AppException(ErrorCode.notFound, 'Evidence item not found');
      for (const file of files) await this.store.delete(sql, application.org_id, file.storage_key);
      return { orgId: application.org_id, keys: files.map((f) => f.storage_key) };
    });
    // Committed: only now may a store outside the database drop the bytes. A failure leaves an
    // object no row names, which is harmless; the removal itself stands.
    for (const key of removed.keys) {
      await this.store.purge(removed.orgId, key).catch((error: unknown) => {
        this.logger.warn(`evidence object ${removed.orgId}/${key} was not removed from the file store: ${(error as Error)?.message ?? String(error)}`);
      });
    }
  }

  download(identity: RequestIdentity, applicationId: string, fileId: string): Promise<{ filename: string; mediaType: string; data: Buffer }> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const application = await this.readable(sql, identity, applicationId);
      const file = await sql.one<FileRow>(`SELECT * FROM evidence_file WHERE org_id = $1 AND application_id = $2 AND id = $3`, [application.org_id, applicationId, fileId]);
      const data = file ? await this.store.get(sql, application.org_id, file.storage_key) : undefined;
      if (!file || !data) throw new AppException(ErrorCode.notFound, 'File not found');
      return { filename: file.filename, mediaType: file.media_type, data };
    });
  }

  /** For the validation report and the content hash: category, agreement flag and digests. */
  async items(sql: Sql, orgId: string, applicationId: string): Promise<EvidenceItemDto[]> {
    const items = await sql.rows<ItemRow>(`SELECT * FROM evidence_item WHERE org_id = $1 AND application_id = $2 ORDER BY created_at, id`, [orgId, applicationId]);
    const files = await sql.rows<FileRow>(`SELECT * FROM evidence_file WHERE org_id = $1 AND application_id = $2 ORDER BY created_at, id`, [orgId, applicationId]);
    return items.map((item) => ({
      id: item.id,
      category: item.category,
      title: item.title,
      isAgreement: item.is_agreement,
      createdAt: item.created_at.toISOString(),
      files: files.filter((f) => f.item_id === item.id).map(toFileDto),
    }));
  }

  private async readable(sql: Sql, identity: RequestIdentity, applicationId: string): Promise<{ org_id: string; state: string }> {
    const application = await sql.one<{ org_id: string; state: string }>(`SELECT org_id, state FROM application WHERE id = $1`, [applicationId]);
    const content = application ? await sql.one<{ ok: boolean }>(`SELECT dahe_content_readable($1, $2) AS ok`, [application.org_id, applicationId]) : undefined;
    if (!application || !content?.ok || !identity.ability.can('read', subject('Application', { orgId: application.org_id }))) {
      throw new AppException(ErrorCode.notFound, 'Application not found');
    }
    return application;
  }

  private async editable(sql: Sql, identity: RequestIdentity, applicationId: string): Promise<{ org_id: string; state: string }> {
    const application = await this.readable(sql, identity, applicationId);
    if (!identity.ability.can('update', subject('Application', { orgId: application.org_id }))) throw new AppException(ErrorCode.forbidden, 'Only the school’s drafters change evidence');
    // FOR SHARE: waits out a sign-off holding the row, then sees its state (the content hash binds evidence).
    const locked = await sql.one<{ state: string }>(`SELECT state FROM application WHERE org_id = $1 AND id = $2 FOR SHARE`, [application.org_id, applicationId]);
    const state = locked?.state ?? application.state;
    if (!EDITABLE.has(state)) throw new AppException(ErrorCode.conflict, `The application is ${state}; evidence changes only in a draft`);
    return { ...application, state };
  }
}

function digest(algorithm: 'sha256' | 'sm3', data: Buffer): Buffer {
  return createHash(algorithm).update(data).digest();
}

function toFileDto(row: FileRow): EvidenceFileDto {
  return { id: row.id, filename: row.filename, mediaType: row.media_type, size: Number(row.size), sha256: row.sha256.toString('hex'), sm3: row.sm3.toString('hex') };
}
