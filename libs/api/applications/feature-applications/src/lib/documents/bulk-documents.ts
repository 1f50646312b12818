import { Body, Controller, HttpCode, Injectable, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { AuditService, ORG_CHAIN } from '@dahe/api/core/data-access-audit';
import { Database } from '@dahe/api/core/data-access-db';
import { Authorize, ClientIp, CurrentIdentity, type RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException, attachmentDisposition } from '@dahe/api/core/util-http';
import { ErrorCode } from '@dahe/shared/contracts';
import { ExportFiltersDto } from '../province/dto/export.dto';
import { RECEIVED_STATES, applicationFilterSql } from '../province/export-workbook';
import { DocumentsService } from './documents.service';
import { writeZip, type ZipEntrySource } from './zip-stream';

/** At most this many applications in one zip: each is rendered on request (a few hundred ms each). */
export const BULK_DOCUMENTS_LIMIT = 300;

export class BulkDocumentsRequestDto extends ExportFiltersDto {
  @ApiPropertyOptional({ enum: ['pdf', 'docx', 'both'], default: 'pdf' })
  @IsOptional()
  @IsIn(['pdf', 'docx', 'both'])
  format?: 'pdf' | 'docx' | 'both';
}

/**
 * The province downloads the exported forms of a filtered intake list as one zip (issue 7): the same
 * filters as the intake table and the Excel export, received applications only, named
 * `<回执编号>-<学校>.pdf`. Each form is rendered by the same code as the single download (so its bytes are
 * the same) and streamed into the zip one at a time, so memory holds one document however long the list.
 */
@Injectable()
export class BulkDocumentsService {
  constructor(
    private readonly db: Database,
    private readonly documents: DocumentsService,
    private readonly audit: AuditService,
  ) {}

  async stream(identity: RequestIdentity, callId: string, request: BulkDocumentsRequestDto, res: Response, ip: string | undefined): Promise<void> {
    if (identity.org.kind !== 'province') throw new AppException(ErrorCode.forbidden, 'The intake is the province’s');
    const formats: ('pdf' | 'docx')[] = request.format === 'both' ? ['pdf', 'docx'] : [request.format ?? 'pdf'];
    const { call, rows } = await this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const call = await sql.one<{ id: string; org_id: string; year: number }>(`SELECT id, org_id, year FROM call WHERE id = $1`, [callId]);
      if (!call) throw new AppException(ErrorCode.notFound, 'Call not found');
      const params: unknown[] = [call.id, RECEIVED_STATES];
      const where = [`a.call_id = $1`, `a.state = ANY($2::text[])`, ...applicationFilterSql(request, params)];
      const rows = await sql.rows<{ id: string; receipt_no: string | null; school_name: string }>(
        `SELECT a.id, a.receipt_no, s.name AS school_name
           FROM application a JOIN organisation s ON s.id = a.org_id
           LEFT JOIN application_digest d ON d.org_id = a.org_id AND d.application_id = a.id
          WHERE ${where.join(' AND ')}
          ORDER BY a.receipt_no NULLS LAST, a.id
          LIMIT ${BULK_DOCUMENTS_LIMIT + 1}`,
        params,
      );
      if (rows.length > BULK_DOCUMENTS_LIMIT) {
        throw new AppException(ErrorCode.validationFailed, `At most ${BULK_DOCUMENTS_LIMIT} applications per download: narrow the filter`, ['too_many'], { limit: BULK_DOCUMENTS_LIMIT });
      }
      // The forms carry contact names and mobiles: an export of personal data, audited before anything leaves.
      await this.audit.append(sql, {
        orgId: call.org_id,
        chain: ORG_CHAIN,
        actor: { userId: identity.userId, role: 'province_officer', ip },
        subject: { type: 'call', id: call.id },
        event: { action: 'call.documents_exported', data: { callId: call.id, formats, applications: rows.map((row) => row.id) } },
      });
      return { call, rows };
    });

    res.setHeader('Content-Type', 'application/zip');
    const filename = `大河工坊-申报书-${call.year}.zip`;
    res.setHeader('Content-Disposition', attachmentDisposition(filename, 'applications.zip'));
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // How many forms follow, for the download's progress.
    res.setHeader('X-Document-Count', String(rows.length * formats.length));
    const entries = function* (documents: DocumentsService): Generator<ZipEntrySource> {
      for (const row of rows) {
        for (const format of formats) {
          yield {
            name: `${row.receipt_no ?? row.id}-${safeFileName(row.school_name)}.${format}`,
            data: async () => (await documents.export(identity, row.id, format)).data,
          };
        }
      }
    };
    await writeZip(res, entries(this.documents));
  }
}

@ApiTags('documents')
@Controller('calls')
export class BulkDocumentsController {
  constructor(private readonly bulk: BulkDocumentsService) {}

  /**
   * Every exported form of the filtered intake list in one zip (POST: the filters travel in the body, like
   * the Excel job's). 422 `too_many` beyond {@link BULK_DOCUMENTS_LIMIT}; a form that fails to render is
   * replaced by `<name>.error.txt` with the reason.
   */
  @Authorize('export', 'Call')
  @Post(':id/documents.zip')
  @HttpCode(200)
  @ApiProduces('application/zip')
  async zip(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Body() request: BulkDocumentsRequestDto, @Res() res: Response, @ClientIp() ip: string | undefined): Promise<void> {
    await this.bulk.stream(identity, id, request, res, ip);
  }
}

/** Characters Windows and zip tools refuse in a file name (control characters included). */
function safeFileName(value: string): string {
  return [...value].map((c) => (c.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(c) ? '_' : c)).join('').slice(0, 80);
}
