import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentIdentity, type RequestIdentity } from '@dahe/api/core/util-auth';
import type { SectionAssignments, SectionPresenceDto } from '@dahe/shared/contracts';
import { CollaborationService } from './collaboration.service';
import { SetAssigneesDto } from './dto/applications.dto';

@ApiTags('applications')
@Controller('applications/:id')
export class CollaborationController {
  constructor(private readonly collaboration: CollaborationService) {}

  @Authorize('read', 'Application')
  @Get('assignments')
  assignments(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string): Promise<SectionAssignments> {
    return this.collaboration.assignments(identity, id);
  }

  @Authorize('update', 'Application')
  @Put('sections/:key/assignees')
  setAssignees(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Param('key') key: string, @Body() body: SetAssigneesDto): Promise<SectionAssignments> {
    return this.collaboration.setAssignees(identity, id, key, body.userIds);
  }

  /** The editor's heartbeat (every ~10 s while a section is open); answers the others editing it. */
  @Authorize('read', 'Application')
  @Post('sections/:key/presence')
  @HttpCode(200)
  presence(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Param('key') key: string): Promise<SectionPresenceDto> {
    return this.collaboration.heartbeat(identity, id, key);
  }
}
