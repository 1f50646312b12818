import { type DynamicModule, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy, type Provider } from '@nestjs/common';
import { Database } from '@dahe/api/core/data-access-db';
import { ApplicationAuditController } from './application-audit.controller';
import { ApplicationAuditService } from './application-audit.service';
import { ApplicationsController, CallsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { CallsService } from './calls.service';
import { CollaborationController } from './collaboration.controller';
import { CollaborationService } from './collaboration.service';
import { CommentsController } from './comments.controller';
import { CommentsService } from './comments.service';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';
import { createFileStore } from './create-file-store';
import { DocumentsController } from './documents/documents.controller';
import { DocumentsService } from './documents/documents.service';
import { BulkDocumentsController, BulkDocumentsService } from './documents/bulk-documents';
import { FILE_STORE, FILE_STORE_OPTIONS, type FileStoreOptions } from './file-store';
import { DeadlineExtensionsController, SignoffController } from './signoff.controller';
import { SignoffService } from './signoff.service';
import { OutboxController, OutboxService } from './outbox/outbox.controller';
import { DEFAULT_OUTBOX_OPTIONS, OUTBOX_OPTIONS, OutboxDispatcher, type OutboxOptions } from './outbox/outbox-dispatcher';
import { DecisionsController, ExpertReviewController, ReviewSetupController } from './review/review.controller';
import { DecisionsService } from './review/decisions.service';
import { ExpertReviewService } from './review/expert-review.service';
import { ReviewSetupService } from './review/review-setup.service';
import { ExportController } from './province/export.controller';
import { ExportService } from './province/export.service';
import { SchoolHomeController } from './province/school-home.controller';
import { SchoolHomeService } from './province/school-home.service';
import { SupervisorDashboardController } from './province/supervisor-dashboard.controller';
import { SupervisorDashboardService } from './province/supervisor-dashboard.service';
import { IntakeController } from './province/intake.controller';
import { IntakeService } from './province/intake.service';
import { ProvinceDashboardController } from './province/province-dashboard.controller';
import { ProvinceDashboardService } from './province/province-dashboard.service';

/** PostgreSQL unless forRoot named another store; an S3 store's bucket is checked before the app starts. */
const fileStoreProvider: Provider = {
  provide: FILE_STORE,
  useFactory: (options?: FileStoreOptions) => createFileStore(options),
  inject: [{ token: FILE_STORE_OPTIONS, optional: true }],
};

/** One dispatcher per process; it runs (timer, start-up, after each move) only where the options say so. */
const outboxDispatcherProvider: Provider = {
  provide: OutboxDispatcher,
  useFactory: (db: Database, options?: OutboxOptions) => new OutboxLifecycle(db, options ?? DEFAULT_OUTBOX_OPTIONS, new Logger('outbox')),
  inject: [Database, { token: OUTBOX_OPTIONS, optional: true }],
};

/** Calls and the 申报书 drafted against them. Database comes from AuthModule (global). */
@Module({
  controllers: [CallsController, ApplicationsController, EvidenceController, CommentsController, CollaborationController, SignoffController, DeadlineExtensionsController, DocumentsController, BulkDocumentsController, ApplicationAuditController, OutboxController, ReviewSetupController, DecisionsController, ExpertReviewController, ExportController, SupervisorDashboardController, SchoolHomeController, IntakeController, ProvinceDashboardController],
  providers: [CallsService, ApplicationsService, EvidenceService, CommentsService, CollaborationService, SignoffService, DocumentsService, BulkDocumentsService, ApplicationAuditService, OutboxService, ReviewSetupService, ExpertReviewService, DecisionsService, ExportService, SupervisorDashboardService, SchoolHomeService, IntakeService, ProvinceDashboardService, outboxDispatcherProvider, fileStoreProvider],
})
export class ApplicationsModule {
  /** With the evidence store configured; importing the class itself keeps PostgreSQL. */
  static forRoot(fileStore: FileStoreOptions = { kind: 'postgres' }, outbox: OutboxOptions = DEFAULT_OUTBOX_OPTIONS): DynamicModule {
    return { module: ApplicationsModule, providers: [{ provide: FILE_STORE_OPTIONS, useValue: fileStore }, { provide: OUTBOX_OPTIONS, useValue: outbox }] };
  }
}

/** The dispatcher with Nest's start and stop: starts once the app is up, finishes its batch before the pool closes. */
class OutboxLifecycle extends OutboxDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  onApplicationBootstrap(): void {
    this.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }
}
