import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Authorize, ClientIp, CurrentIdentity, type RequestIdentity } from '@dahe/api/core/util-auth';
import type { DeadlineExtensionDto as DeadlineExtensionResult, TimelineDto, TransitionResponse } from '@dahe/shared/contracts';
import { DeadlineExtensionDto, TransitionDto } from './dto/signoff.dto';
import { SignoffService } from './signoff.service';
import { idempotencyKeyOf } from './transition-idempotency';

@ApiTags('sign-off')
@Controller('applications')
export class SignoffController {
  constructor(private readonly signoff: SignoffService) {}

  /** The only way an application changes state. */
  @Authorize('transition', 'Application')
  @Post(':id/transitions')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeated with the same body (for 24 h), answers the first result and records nothing twice; with another body, 409 idempotency_key_reused' })
  transition(
    @CurrentIdentity() identity: RequestIdentity,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: TransitionDto,
    @ClientIp() ip: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<TransitionResponse> {
    return this.signoff.transition(identity, id, body, ip, idempotencyKeyOf(idempotencyKey));
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
