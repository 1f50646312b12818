import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, CurrentIdentity, type RequestIdentity } from '@dahe/api/core/util-auth';
import { type DocumentFormat, DocumentsService, type ExportedDocument } from './documents.service';

@ApiTags('documents')
@Controller('applications')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** The 申报书 in the notice's layout; a draft is watermarked 草稿. */
  @Authorize('read', 'Application')
  @Get(':id/export.pdf')
  @ApiProduces('application/pdf')
  async pdf(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response): Promise<void> {
    send(res, await this.documents.export(identity, id, 'pdf' satisfies DocumentFormat));
  }

  /** The same, as an editable Word document. */
  @Authorize('read', 'Application')
  @Get(':id/export.docx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  async docx(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response): Promise<void> {
    send(res, await this.documents.export(identity, id, 'docx' satisfies DocumentFormat));
  }

  /**
   * The 佐证材料 binder: cover, contents by category with page ranges, every evidence page numbered
   * continuously. 409 names an evidence file that cannot be included (corrupt or encrypted).
   */
  @Authorize('read', 'Application')
  @Get(':id/evidence-binder.pdf')
  @ApiProduces('application/pdf')
  async evidenceBinder(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response): Promise<void> {
    send(res, await this.documents.binder(identity, id));
  }
}

function send(res: Response, file: ExportedDocument): void {
  res.setHeader('Content-Type', file.mediaType);
  // RFC 6266/5987: the Chinese file name survives the download; `filename` is the ASCII fallback.
  const ascii = `application.${file.filename.split('.').pop() ?? 'bin'}`;
  res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(file.filename)}`);
  res.setHeader('Content-Length', String(file.data.length));
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(file.data);
}

/** encodeURIComponent leaves ' ( ) * unescaped, which RFC 5987's attr-char does not allow. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
