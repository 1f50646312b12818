import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentIdentity, type RequestIdentity } from '@dahe/api/core/util-auth';
import type { IntakePageDto } from '@dahe/shared/contracts';
import { IntakeQueryDto } from './dto/intake.dto';
import { IntakeService } from './intake.service';

@ApiTags('province')
@Controller('calls')
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  /**
   * The call's received applications (from `submitted` on), filtered, sorted and paged. `export Call` is
   * the policy: the intake lists every received application of the call with its scores and decisions —
   * what the Excel export writes — and only the province officer holds it (an expert's conditional
   * `read Review` would pass a route check on Review).
   */
  @Authorize('export', 'Call')
  @Get(':id/intake')
  page(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Query() query: IntakeQueryDto): Promise<IntakePageDto> {
    return this.intake.page(identity, id, query);
  }
}
