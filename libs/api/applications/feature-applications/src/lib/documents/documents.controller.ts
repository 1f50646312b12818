import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, CurrentIdentity, type RequestIdentity } from '@dahe/api/core/util-auth';
import { attachmentDisposition } from '@dahe/api/core/util-http';
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
  res.setHeader('Content-Disposition', attachmentDisposition(file.filename, `application.${file.filename.split('.').pop() ?? 'bin'}`));
  res.setHeader('Content-Length', String(file.data.length));
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(file.data);
}
