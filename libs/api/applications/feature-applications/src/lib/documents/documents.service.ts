import { Injectable } from '@nestjs/common';
import { Database } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { subject } from '@dahe/shared/authz';
import { ErrorCode } from '@dahe/shared/contracts';
import { SignoffService } from '../signoff.service';
import { type ApplicationDocumentInput, buildApplicationDocument } from './application-document';
import { renderApplicationDocx } from './application-docx';
import { renderApplicationPdf } from './application-pdf';

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
  constructor(
    private readonly db: Database,
    private readonly signoff: SignoffService,
  ) {}

  async export(identity: RequestIdentity, applicationId: string, format: DocumentFormat): Promise<ExportedDocument> {
    const { input, changedAt } = await this.load(identity, applicationId);
    const model = buildApplicationDocument(input);
    // The document's creation time is when its content or trail last changed, not the request's:
    // exporting the same application twice gives the same bytes, which anyone can compare.
    const options = { createdAt: changedAt };
    const data = format === 'pdf' ? await renderApplicationPdf(model, options) : await renderApplicationDocx(model, options);
    return { data, mediaType: MEDIA_TYPES[format], filename: `${input.schoolName}-大河工坊申报书${model.draft ? '（草稿）' : ''}.${format}` };
  }

  /**
   * Content, evidence titles and the sign-off timeline in one transaction, so they describe the same
   * moment. "Not found" unless the caller may read the content itself (a supervisor once signed, the
   * province once submitted: row-level security's dahe_content_readable, as GET …/sections/:key).
   */
  private load(identity: RequestIdentity, applicationId: string): Promise<{ input: ApplicationDocumentInput; changedAt: Date }> {
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
      const evidence = await sql.rows<{ id: string; title: string }>(`SELECT id, title FROM evidence_item WHERE org_id = $1 AND application_id = $2 ORDER BY created_at, id`, [
        application.org_id,
        application.id,
      ]);
      const timeline = await this.signoff.timelineIn(sql, identity, application.id);
      const changedAt = new Date(
        Math.max(application.updated_at.getTime(), ...sections.map((s) => s.updated_at.getTime()), ...timeline.events.map((e) => Date.parse(e.at))),
      );
      return {
        input: {
          schoolName: application.school_name,
          state: application.state,
          sections: Object.fromEntries(sections.map((row) => [row.section_key, row.content])),
          evidence,
          timeline,
        },
        changedAt,
      };
    });
  }
}
