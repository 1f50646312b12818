import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, CurrentIdentity, type RequestIdentity } from '@dahe/api/core/util-auth';
import {
  type ApplicationDto,
  type ApplicationSummaryDto,
  type CallDto,
  type SaveSectionResponse,
  type SectionState,
  type SectionVersionDto,
} from '@dahe/shared/contracts';
import type { ValidationReport } from '@dahe/shared/form';
import { ApplicationsService } from './applications.service';
import { CallsService } from './calls.service';
import { CreateApplicationDto, CreateCallDto, RestoreSectionDto, SaveSectionDto } from './dto/applications.dto';
import { etagOf, versionBasis } from './version-basis';

@ApiTags('calls')
@Controller('calls')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @Authorize('read', 'Call')
  @Get()
  list(@CurrentIdentity() identity: RequestIdentity): Promise<CallDto[]> {
    return this.calls.list(identity);
  }

  @Authorize('create', 'Call')
  @Post()
  create(@CurrentIdentity() identity: RequestIdentity, @Body() body: CreateCallDto): Promise<CallDto> {
    return this.calls.create(identity, body);
  }

  @Authorize('update', 'Call')
  @Post(':id/open')
  @HttpCode(200)
  open(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string): Promise<CallDto> {
    return this.calls.open(identity, id);
  }
}

@ApiTags('applications')
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Authorize('create', 'Application')
  @Post()
  create(@CurrentIdentity() identity: RequestIdentity, @Body() body: CreateApplicationDto): Promise<ApplicationDto> {
    return this.applications.create(identity, body.callId);
  }

  @Authorize('read', 'Application')
  @Get()
  list(@CurrentIdentity() identity: RequestIdentity): Promise<ApplicationSummaryDto[]> {
    return this.applications.list(identity);
  }

  @Authorize('read', 'Application')
  @Get(':id')
  get(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string): Promise<ApplicationDto> {
    return this.applications.get(identity, id);
  }

  @Authorize('read', 'Application')
  @Get(':id/sections/:key')
  async section(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Param('key') key: string, @Res({ passthrough: true }) res: Response): Promise<SectionState> {
    const section = await this.applications.section(identity, id, key);
    res.setHeader('ETag', etagOf(section.version));
    return section;
  }

  @Authorize('update', 'Application')
  @Put(':id/sections/:key')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The section\'s ETag ("<version>"), instead of `version` in the body' })
  async save(
    @CurrentIdentity() identity: RequestIdentity,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('key') key: string,
    @Body() body: SaveSectionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SaveSectionResponse> {
    const basedOn = versionBasis(ifMatch, body.version);
    const saved = await this.applications.saveSection(identity, id, key, body.content, basedOn);
    res.setHeader('ETag', etagOf(saved.version));
    return saved;
  }

  @Authorize('update', 'Application')
  @Post(':id/sections/:key/restore')
  @HttpCode(200)
  async restore(
    @CurrentIdentity() identity: RequestIdentity,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('key') key: string,
    @Body() body: RestoreSectionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SaveSectionResponse> {
    const saved = await this.applications.restore(identity, id, key, body.restore, versionBasis(ifMatch, body.version));
    res.setHeader('ETag', etagOf(saved.version));
    return saved;
  }

  @Authorize('read', 'Application')
  @Get(':id/validation')
  validation(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string): Promise<ValidationReport> {
    return this.applications.validation(identity, id);
  }

  @Authorize('read', 'Application')
  @Get(':id/sections/:key/history')
  history(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Param('key') key: string): Promise<SectionVersionDto[]> {
    return this.applications.history(identity, id, key);
  }
}
