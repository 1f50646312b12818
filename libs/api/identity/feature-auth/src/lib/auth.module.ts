import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditService } from '@dahe/api/core/data-access-audit';
import { Database } from '@dahe/api/core/data-access-db';
import { AUTH_OPTIONS, type AuthOptions } from './auth-options';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { RateLimiter } from './rate-limiter.service';
import { SessionService } from './session.service';

@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      controllers: [AuthController],
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        { provide: AuditService, useFactory: () => new AuditService(options.auditHash) },
        Database,
        SessionService,
        RateLimiter,
        AuthService,
        // Deny by default: every route of every module passes this guard.
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AUTH_OPTIONS, AuditService, Database, SessionService, RateLimiter],
    };
  }
}
