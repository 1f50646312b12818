import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, CurrentIdentity, type RequestIdentity } from '@dahe/api/core/util-auth';
import { attachmentDisposition } from '@dahe/api/core/util-http';
import { EVIDENCE_FILE_LIMIT, type EvidenceItemDto } from '@dahe/shared/contracts';
import { UpdateEvidenceDto, UploadEvidenceDto } from './dto/applications.dto';
import { EvidenceService, type UploadedEvidenceFile } from './evidence.service';

@ApiTags('evidence')
@Controller('applications/:id/evidence')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Authorize('update', 'Application')
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        category: { type: 'string' },
        title: { type: 'string' },
        isAgreement: { type: 'string', enum: ['true', 'false'] },
        files: { type: 'array', items: { type: 'string', format: 'binary' } },
      },
    },
  })
  // utf8: browsers send Chinese file names in UTF-8; busboy's default would read them as latin1.
  @UseInterceptors(FilesInterceptor('files', 20, { limits: { fileSize: EVIDENCE_FILE_LIMIT, files: 20 }, defParamCharset: 'utf8' }))
  upload(
    @CurrentIdentity() identity: RequestIdentity,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UploadEvidenceDto,
    @UploadedFiles() files: UploadedEvidenceFile[] | undefined,
  ): Promise<EvidenceItemDto> {
    return this.evidence.upload(identity, id, { category: body.category, title: body.title, isAgreement: body.isAgreement === 'true' }, files ?? []);
  }

  @Authorize('read', 'Application')
  @Get()
  list(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string): Promise<EvidenceItemDto[]> {
    return this.evidence.list(identity, id);
  }

  @Authorize('update', 'Application')
  @Patch(':itemId')
  update(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Param('itemId', ParseUUIDPipe) itemId: string, @Body() body: UpdateEvidenceDto): Promise<EvidenceItemDto> {
    return this.evidence.update(identity, id, itemId, body);
  }

  @Authorize('update', 'Application')
  @Delete(':itemId')
  @HttpCode(204)
  remove(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Param('itemId', ParseUUIDPipe) itemId: string): Promise<void> {
    return this.evidence.remove(identity, id, itemId);
  }

  @Authorize('read', 'Application')
  @Get('files/:fileId')
  async download(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Param('fileId', ParseUUIDPipe) fileId: string, @Res() res: Response): Promise<void> {
    const file = await this.evidence.download(identity, id, fileId);
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('Content-Disposition', attachmentDisposition(file.filename));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(file.data);
  }
}
