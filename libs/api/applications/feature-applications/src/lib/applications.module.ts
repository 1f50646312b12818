import { type DynamicModule, Module, type Provider } from '@nestjs/common';
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
import { FILE_STORE, FILE_STORE_OPTIONS, type FileStoreOptions } from './file-store';
import { DeadlineExtensionsController, SignoffController } from './signoff.controller';
import { SignoffService } from './signoff.service';

/** PostgreSQL unless forRoot named another store; an S3 store's bucket is checked before the app starts. */
const fileStoreProvider: Provider = {
  provide: FILE_STORE,
  useFactory: (options?: FileStoreOptions) => createFileStore(options),
  inject: [{ token: FILE_STORE_OPTIONS, optional: true }],
};

/** Calls and the 申报书 drafted against them. Database comes from AuthModule (global). */
@Module({
  controllers: [CallsController, ApplicationsController, EvidenceController, CommentsController, CollaborationController, SignoffController, DeadlineExtensionsController, DocumentsController],
  providers: [CallsService, ApplicationsService, EvidenceService, CommentsService, CollaborationService, SignoffService, DocumentsService, fileStoreProvider],
})
export class ApplicationsModule {
  /** With the evidence store configured; importing the class itself keeps PostgreSQL. */
  static forRoot(fileStore: FileStoreOptions = { kind: 'postgres' }): DynamicModule {
    return { module: ApplicationsModule, providers: [{ provide: FILE_STORE_OPTIONS, useValue: fileStore }] };
  }
}
