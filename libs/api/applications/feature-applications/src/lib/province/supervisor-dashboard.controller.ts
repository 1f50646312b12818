import { Controller, Get, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentIdentity, type RequestIdentity } from '@dahe/api/core/util-auth';
import type { SupervisorDashboardDto } from '@dahe/shared/contracts';
import { SupervisorDashboardService } from './supervisor-dashboard.service';

@ApiTags('dashboards')
@Controller('supervisor')
export class SupervisorDashboardController {
  constructor(private readonly dashboards: SupervisorDashboardService) {}

  /** The active supervising unit's schools and applications in a call; 403 for any other kind of organisation. */
  @Authorize('read', 'Dashboard')
  @Get('dashboard')
  @ApiQuery({ name: 'callId', required: false, description: 'Default: the open call closing last' })
  dashboard(@CurrentIdentity() identity: RequestIdentity, @Query('callId', new ParseUUIDPipe({ optional: true })) callId?: string): Promise<SupervisorDashboardDto> {
    return this.dashboards.dashboard(identity, callId);
  }
}
