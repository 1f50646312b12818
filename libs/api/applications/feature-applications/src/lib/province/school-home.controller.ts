import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentIdentity, type RequestIdentity } from '@dahe/api/core/util-auth';
import type { SchoolHomeDto } from '@dahe/shared/contracts';
import { SchoolHomeService } from './school-home.service';

@ApiTags('dashboards')
@Controller('school')
export class SchoolHomeController {
  constructor(private readonly home: SchoolHomeService) {}

  /** The active school's applications across calls; 403 for any other kind of organisation. */
  @Authorize('read', 'Dashboard')
  @Get('home')
  get(@CurrentIdentity() identity: RequestIdentity): Promise<SchoolHomeDto> {
    return this.home.home(identity);
  }
}
