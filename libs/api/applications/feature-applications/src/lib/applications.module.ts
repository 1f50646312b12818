import { Module } from '@nestjs/common';
import { ApplicationsController, CallsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { CallsService } from './calls.service';
import { CollaborationController } from './collaboration.controller';
import { CollaborationService } from './collaboration.service';
import { CommentsController } from './comments.controller';
import { CommentsService } from './comments.service';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';
import { FILE_STORE, PostgresFileStore } from './file-store';

/** Calls and the 申报书 drafted against them. Database comes from AuthModule (global). */
@Module({
  controllers: [CallsController, ApplicationsController, EvidenceController, CommentsController, CollaborationController],
  providers: [CallsService, ApplicationsService, EvidenceService, CommentsService, CollaborationService, { provide: FILE_STORE, useClass: PostgresFileStore }],
})
export class ApplicationsModule {}
