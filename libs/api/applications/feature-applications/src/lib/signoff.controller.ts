import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authorize, ClientIp, CurrentIdentity, type RequestIdentity } from '@dahe/api/core/util-auth';
import type { DeadlineExtensionDto as DeadlineExtensionResult, TimelineDto, TransitionResponse } from '@dahe/shared/contracts';
import { DeadlineExtensionDto, TransitionDto } from './dto/signoff.dto';
import { SignoffService } from './signoff.service';

@ApiTags('sign-off')
@Controller('applications')
export class SignoffController {
  constructor(private readonly signoff: SignoffService) {}

  /** The only way an application changes state. */
  @Authorize('transition', 'Application')
  @Post(':id/transitions')
  @HttpCode(200)
  transition(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransitionDto, @ClientIp() ip: string | undefined): Promise<TransitionResponse> {
    return this.signoff.transition(identity, id, body, ip);
  }

  @Authorize('read', 'Application')
  @Get(':id/timeline')
  timeline(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string): Promise<TimelineDto> {
    return this.signoff.timeline(identity, id);
  }
}

@ApiTags('sign-off')
@Controller('calls')
export class DeadlineExtensionsController {
  constructor(private readonly signoff: SignoffService) {}

  @Authorize('extend', 'Call')
  @Post(':id/extensions')
  @HttpCode(200)
  extend(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Body() body: DeadlineExtensionDto, @ClientIp() ip: string | undefined): Promise<DeadlineExtensionResult> {
    return this.signoff.extendDeadline(identity, id, body, ip);
  }
}
