import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentIdentity, type RequestIdentity } from '@dahe/api/core/util-auth';
import type { ProvinceDashboardDto } from '@dahe/shared/contracts';
import { ProvinceDashboardService } from './province-dashboard.service';

@ApiTags('dashboards')
@Controller('calls')
export class ProvinceDashboardController {
  constructor(private readonly dashboards: ProvinceDashboardService) {}

  /** The province's figures of a call; 403 for supervising units and schools (they hold `read Dashboard` for their own). */
  @Authorize('read', 'Dashboard')
  @Get(':id/dashboard')
  dashboard(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string): Promise<ProvinceDashboardDto> {
    return this.dashboards.dashboard(identity, id);
  }
}
