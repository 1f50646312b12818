import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, ClientIp, CurrentIdentity, type RequestIdentity } from '@dahe/api/core/util-auth';
import type { ExportJobDto, ExportProgressDto } from '@dahe/shared/contracts';
import { ExportFiltersDto } from './dto/export.dto';
import { ExportService } from './export.service';

@ApiTags('province')
@Controller()
export class ExportController {
  constructor(private readonly exports: ExportService) {}

  /**
   * One row per received application (submitted and later; drafts never) and a figures sheet, streamed
   * as it is read. The intake's filters narrow it. Audited as an export of personal data.
   */
  @Authorize('export', 'Call')
  @Get('calls/:id/export.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async xlsx(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Query() filters: ExportFiltersDto, @Res() res: Response, @ClientIp() ip: string | undefined): Promise<void> {
    await this.exports.streamToResponse(identity, id, filters, res, ip);
  }

  /** The same workbook as a job the web follows: answers at once with the row count to expect. */
  @Authorize('export', 'Call')
  @Post('calls/:id/exports')
  @HttpCode(202)
  create(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Body() filters: ExportFiltersDto, @ClientIp() ip: string | undefined): Promise<ExportJobDto> {
    return this.exports.createJob(identity, id, filters, ip);
  }

  @Authorize('export', 'Call')
  @Get('exports/:id')
  progress(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string): Promise<ExportProgressDto> {
    return this.exports.progress(identity, id);
  }

  /** 409 until the job is done. */
  @Authorize('export', 'Call')
  @Get('exports/:id/file')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async file(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response): Promise<void> {
    await this.exports.download(identity, id, res);
  }
}
