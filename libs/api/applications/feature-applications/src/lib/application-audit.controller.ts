import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentIdentity, type RequestIdentity } from '@dahe/api/core/util-auth';
import type { ApplicationAuditDto, AuditVerificationDto } from '@dahe/shared/contracts';
import { ApplicationAuditService } from './application-audit.service';

/** An application's hash-chained trail: whoever reads the application, and the province's auditor. */
@ApiTags('audit')
@Controller('applications')
export class ApplicationAuditController {
  constructor(private readonly trail: ApplicationAuditService) {}

  /** The chain's events, oldest first; people by id, names resolved now. */
  @Authorize('read', 'AuditEvent')
  @Get(':id/audit')
  list(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string): Promise<ApplicationAuditDto> {
    return this.trail.list(identity, id);
  }

  /** Recomputes the chain: `{ ok: true, events }`, or the first event whose link or hash does not hold. */
  @Authorize('read', 'AuditEvent')
  @Get(':id/audit/verify')
  verify(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string): Promise<AuditVerificationDto> {
    return this.trail.verify(identity, id);
  }
}
