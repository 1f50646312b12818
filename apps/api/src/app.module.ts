import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DATABASE_RUNTIME, type DatabaseRuntime } from '@dahe/api/core/data-access-db';
import { APP_VERSION, HealthModule } from '@dahe/api/health/feature-health';
import { type AuthOptions, AuthModule } from '@dahe/api/identity/feature-auth';
import { OrganisationsModule } from '@dahe/api/organisations/feature-organisations';
import { ApplicationsModule, type FileStoreOptions, type OutboxOptions } from '@dahe/api/applications/feature-applications';
import { dataSourceOptions } from './database/data-source';

@Module({})
export class AppModule {
  /** The database is started before Nest, so the module receives it rather than starting it. */
  static forRoot(runtime: DatabaseRuntime, version: string, auth: AuthOptions, fileStore: FileStoreOptions = { kind: 'postgres' }, outbox?: OutboxOptions): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(runtime.appUrl), retryAttempts: 1 }), AuthModule.forRoot(auth), HealthModule, OrganisationsModule, ApplicationsModule.forRoot(fileStore, outbox)],
      providers: [
        { provide: DATABASE_RUNTIME, useValue: runtime },
        { provide: APP_VERSION, useValue: version },
      ],
      exports: [DATABASE_RUNTIME, APP_VERSION],
    };
  }
}
