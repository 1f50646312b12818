import { Inject, Injectable, Logger } from '@nestjs/common';
import { Database, type Sql } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { subject } from '@dahe/shared/authz';
import { ErrorCode } from '@dahe/shared/contracts';
import { FILE_STORE, type FileStore } from '../file-store';
import { SignoffService } from '../signoff.service';
import { type ApplicationDocumentInput, buildApplicationDocument } from './application-document';
import { renderApplicationDocx } from './application-docx';
import { renderApplicationPdf } from './application-pdf';
import { type BinderInput, type BinderItem, type EvidenceBinder, UnreadableEvidenceError, compileEvidenceBinder } from './evidence-binder';

export type DocumentFormat = 'pdf' | 'docx';

export interface ExportedDocument {
  data: Buffer;
  mediaType: string;
  filename: string;
}

const MEDIA_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** The 申报书 as a printable document, for whoever may read its content. */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    private readonly db: Database,
    private readonly signoff: SignoffService,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {}

  async export(identity: RequestIdentity, applicationId: string, format: DocumentFormat): Promise<ExportedDocument> {
    const { input, changedAt, binder } = await this.load(identity, applicationId, 'if-cited');
    if (binder) {
      try {
        // The citations print the page ranges of the binder GET …/evidence-binder.pdf gives.
        const { pages } = await compileEvidenceBinder(binder);
        input.evidencePages = (itemId) => pages.get(itemId);
      } catch (error) {
        // The binder endpoint names the unreadable file; the 申报书 still prints, citing by title.
        if (!(error instanceof UnreadableEvidenceError)) throw error;
        this.logger.warn(`application ${applicationId}: citations print without page numbers: ${error.message}`);
      }
    }
    const model = buildApplicationDocument(input);
    // The document's creation time is when its content or trail last changed, not the request's:
    // exporting the same application twice gives the same bytes, which anyone can compare.
    const options = { createdAt: changedAt };
    const data = format === 'pdf' ? await renderApplicationPdf(model, options) : await renderApplicationDocx(model, options);
    return { data, mediaType: MEDIA_TYPES[format], filename: `${input.schoolName}-大河工坊申报书${model.draft ? '（草稿）' : ''}.${format}` };
  }

  /** The 佐证材料 binder: cover, contents by category with page ranges, every file's pages numbered. */
  async binder(identity: RequestIdentity, applicationId: string): Promise<ExportedDocument> {
    const { input, binder } = await this.load(identity, applicationId, 'always');
    if (!binder) throw new Error('the binder input was not loaded');
    let compiled: EvidenceBinder;
    try {
      compiled = await compileEvidenceBinder(binder);
    } catch (error) {
      if (error instanceof UnreadableEvidenceError) throw new AppException(ErrorCode.conflict, error.message, [error.filename], { file: error.filename, item: error.itemTitle, reason: error.reason });
      throw error;
    }
    return { data: compiled.data, mediaType: MEDIA_TYPES.pdf, filename: `${input.schoolName}-大河工坊佐证材料.pdf` };
  }

  /**
   * Content, evidence titles and the sign-off timeline in one transaction, so they describe the same
   * moment. "Not found" unless the caller may read the content itself (a supervisor once signed, the
   * province once submitted: row-level security's dahe_content_readable, as GET …/sections/:key).
   */
  private load(identity: RequestIdentity, applicationId: string, binder: 'always' | 'if-cited'): Promise<{ input: ApplicationDocumentInput; changedAt: Date; binder?: BinderInput }> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const application = await sql.one<{ org_id: string; id: string; state: string; updated_at: Date; school_name: string; readable: boolean }>(
        `SELECT a.org_id, a.id, a.state, a.updated_at, o.name AS school_name, dahe_content_readable(a.org_id, a.id) AS readable
           FROM application a JOIN organisation o ON o.id = a.org_id WHERE a.id = $1`,
        [applicationId],
      );
      if (!application || !application.readable || !identity.ability.can('read', subject('Application', { orgId: application.org_id, state: application.state }))) {
        throw new AppException(ErrorCode.notFound, 'Application not found');
      }
      const sections = await sql.rows<{ section_key: string; content: unknown; updated_at: Date }>(
        `SELECT section_key, content, updated_at FROM application_section WHERE org_id = $1 AND application_id = $2`,
        [application.org_id, application.id],
      );
      const evidence = await sql.rows<{ id: string; title: string; category: string; created_at: Date }>(`SELECT id, title, category, created_at FROM evidence_item WHERE org_id = $1 AND application_id = $2 ORDER BY created_at, id`, [
        application.org_id,
        application.id,
      ]);
      const timeline = await this.signoff.timelineIn(sql, identity, application.id);
      const changedAt = new Date(
        Math.max(application.updated_at.getTime(), ...sections.map((s) => s.updated_at.getTime()), ...timeline.events.map((e) => Date.parse(e.at))),
      );
      const content = Object.fromEntries(sections.map((row) => [row.section_key, row.content]));
      // Page numbers only matter to the 申报书 when its text cites evidence.
      const wanted = binder === 'always' || (evidence.length > 0 && sections.some((row) => JSON.stringify(row.content).includes('〔佐证:')));
      const basic = content['basic_info'] as { projectName?: unknown } | undefined;
      return {
        input: {
          schoolName: application.school_name,
          state: application.state,
          sections: content,
          evidence: evidence.map(({ id, title }) => ({ id, title })),
          timeline,
        },
        changedAt,
        ...(wanted
          ? {
              binder: {
                schoolName: application.school_name,
                projectName: typeof basic?.projectName === 'string' ? basic.projectName : '',
                items: await this.evidenceFiles(sql, application.org_id, application.id, evidence),
                // Evidence changes only in a draft, as items come and go: the latest of those and the content.
                createdAt: new Date(Math.max(changedAt.getTime(), ...evidence.map((item) => item.created_at.getTime()))),
              },
            }
          : {}),
      };
    });
  }

  /** Every item's files, bytes included, in upload order. */
  private async evidenceFiles(sql: Sql, orgId: string, applicationId: string, items: { id: string; title: string; category: string }[]): Promise<BinderItem[]> {
    const files = await sql.rows<{ item_id: string; filename: string; media_type: string; storage_key: string }>(
      `SELECT item_id, filename, media_type, storage_key FROM evidence_file WHERE org_id = $1 AND application_id = $2 ORDER BY created_at, id`,
      [orgId, applicationId],
    );
    const result: BinderItem[] = [];
    for (const item of items) {
      const own: BinderItem['files'] = [];
      for (const file of files.filter((f) => f.item_id === item.id)) {
        const data = await this.store.get(sql, orgId, file.storage_key);
        if (!data) throw new AppException(ErrorCode.conflict, `The evidence file “${file.filename}” of “${item.title}” is missing from the file store`, [file.filename]);
        own.push({ filename: file.filename, mediaType: file.media_type, data });
      }
      result.push({ id: item.id, category: item.category, title: item.title, files: own });
    }
    return result;
  }
}
