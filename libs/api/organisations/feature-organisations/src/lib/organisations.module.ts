import { Module } from '@nestjs/common';
import { InvitationLinksController, OrganisationsController, SecurityController } from './organisations.controller';
import { InvitationsService } from './invitations.service';
import { MembersService } from './members.service';
import { OrganisationsService } from './organisations.service';

/** Organisations, their members, invitations and lock-outs. Database, audit and sessions come from AuthModule (global). */
@Module({
  controllers: [OrganisationsController, InvitationLinksController, SecurityController],
  providers: [OrganisationsService, MembersService, InvitationsService],
})
export class OrganisationsModule {}
