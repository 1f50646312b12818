import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authorize, ClientIp, CurrentIdentity, Public, type RequestIdentity } from '@dahe/api/core/util-auth';
import type { CreatedInvitationDto, ImportReport, InvitationDto, InvitationPreviewDto, LoginResponse, MemberDto, OrganisationDto } from '@dahe/shared/contracts';
import { setSessionCookies } from '@dahe/api/identity/feature-auth';
import { AcceptInvitationDto, CreateInvitationDto, CreateOrganisationDto, UpdateMemberDto } from './dto/organisations.dto';
import { InvitationsService } from './invitations.service';
import { MembersService } from './members.service';
import { OrganisationsService } from './organisations.service';

const XLSX_LIMIT = 5 * 1024 * 1024;

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly members: MembersService,
    private readonly invitations: InvitationsService,
  ) {}

  @Authorize('read', 'Organisation')
  @Get()
  list(@CurrentIdentity() identity: RequestIdentity): Promise<OrganisationDto[]> {
    return this.organisations.list(identity);
  }

  @Authorize('create', 'Organisation')
  @Post()
  create(@CurrentIdentity() identity: RequestIdentity, @Body() body: CreateOrganisationDto, @ClientIp() ip?: string): Promise<OrganisationDto> {
    return this.organisations.create(identity, body, ip);
  }

  @Authorize('import', 'Organisation')
  @Post('import')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: XLSX_LIMIT, files: 1 } }))
  import(
    @CurrentIdentity() identity: RequestIdentity,
    @UploadedFile() file: { buffer: Buffer } | undefined,
    @Query('dryRun') dryRun: string | undefined,
    @ClientIp() ip?: string,
  ): Promise<ImportReport> {
    if (!file) throw new BadRequestException('Attach the .xlsx sheet as the form field "file"');
    return this.organisations.import(identity, file.buffer, dryRun === 'true' || dryRun === '1', ip);
  }

  @Authorize('read', 'Membership')
  @Get(':orgId/members')
  listMembers(@CurrentIdentity() identity: RequestIdentity, @Param('orgId', ParseUUIDPipe) orgId: string): Promise<MemberDto[]> {
    return this.members.list(identity, orgId);
  }

  @Authorize('update', 'Membership')
  @Put(':orgId/members/:userId')
  updateMember(
    @CurrentIdentity() identity: RequestIdentity,
    @Param('orgId', ParseUUIDPipe) orgId: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() body: UpdateMemberDto,
    @ClientIp() ip?: string,
  ): Promise<MemberDto[]> {
    return this.members.update(identity, orgId, userId, body.roles, body.status, ip);
  }

  @Authorize('delete', 'Membership')
  @Delete(':orgId/members/:userId')
  @HttpCode(204)
  removeMember(@CurrentIdentity() identity: RequestIdentity, @Param('orgId', ParseUUIDPipe) orgId: string, @Param('userId', ParseUUIDPipe) userId: string, @ClientIp() ip?: string): Promise<void> {
    return this.members.remove(identity, orgId, userId, ip);
  }

  @Authorize('invite', 'Membership')
  @Post(':orgId/invitations')
  invite(@CurrentIdentity() identity: RequestIdentity, @Param('orgId', ParseUUIDPipe) orgId: string, @Body() body: CreateInvitationDto, @ClientIp() ip?: string): Promise<CreatedInvitationDto> {
    return this.invitations.create(identity, orgId, body, ip);
  }

  @Authorize('invite', 'Membership')
  @Get(':orgId/invitations')
  listInvitations(@CurrentIdentity() identity: RequestIdentity, @Param('orgId', ParseUUIDPipe) orgId: string): Promise<InvitationDto[]> {
    return this.invitations.list(identity, orgId);
  }

  @Authorize('invite', 'Membership')
  @Delete(':orgId/invitations/:invitationId')
  @HttpCode(204)
  revokeInvitation(
    @CurrentIdentity() identity: RequestIdentity,
    @Param('orgId', ParseUUIDPipe) orgId: string,
    @Param('invitationId', ParseUUIDPipe) invitationId: string,
    @ClientIp() ip?: string,
  ): Promise<void> {
    return this.invitations.revoke(identity, orgId, invitationId, ip);
  }
}

@ApiTags('invitations')
@Controller('invitations')
export class InvitationLinksController {
  constructor(private readonly invitations: InvitationsService) {}

  /** Public: the holder of the link sees what it is for. */
  @Public()
  @Get(':token')
  preview(@Param('token') token: string): Promise<InvitationPreviewDto> {
    return this.invitations.preview(token);
  }

  /** Public: sets up the account (or joins an existing one) and signs in. */
  @Public()
  @Post(':token/accept')
  @HttpCode(200)
  async accept(@Param('token') token: string, @Body() body: AcceptInvitationDto, @ClientIp() ip: string | undefined, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponse> {
    const session = await this.invitations.accept(token, body, { ip, userAgent: req.headers['user-agent'] });
    setSessionCookies(req, res, session.token, session.expiresAt);
    return { accessToken: session.token, expiresAt: session.expiresAt.toISOString() };
  }
}

@ApiTags('security')
@Controller('security')
export class SecurityController {
  constructor(private readonly members: MembersService) {}

  @Authorize('unlock', 'User')
  @Get('locked-accounts')
  locked(@CurrentIdentity() identity: RequestIdentity) {
    return this.members.locked(identity);
  }

  @Authorize('unlock', 'User')
  @Post('users/:userId/unlock')
  @HttpCode(204)
  unlock(@CurrentIdentity() identity: RequestIdentity, @Param('userId', ParseUUIDPipe) userId: string, @ClientIp() ip?: string): Promise<void> {
    return this.members.unlock(identity, userId, ip);
  }
}
