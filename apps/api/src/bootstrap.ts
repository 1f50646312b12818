import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { DatabaseRuntime } from '@dahe/api/core/data-access-db';
import type { AuthOptions } from '@dahe/api/identity/feature-auth';
import type { FileStoreOptions, OutboxOptions } from '@dahe/api/applications/feature-applications';
import { AllExceptionsFilter, PinoNestLogger, createHttpLogger, createValidationPipe } from '@dahe/api/core/util-http';
import { API_PREFIX } from '@dahe/shared/contracts';
import { AppModule } from './app.module';

export interface CreateAppOptions {
  runtime: DatabaseRuntime;
  logger: Logger;
  version: string;
  auth: AuthOptions;
  /** Proxies whose X-Forwarded-For is believed; empty: the socket's address is the client's. */
  trustedProxies?: string[];
  /** The built web app; not served when absent (API-only test runs). */
  webDir?: string;
  /** Where evidence files are kept; PostgreSQL when absent. */
  fileStore?: FileStoreOptions;
  /** Hand-over messages; absent: written to the outbox with localhost links, and not dispatched (tests run it by hand). */
  outbox?: OutboxOptions;
}

/** The Nest app with everything main.ts and the integration tests share: one configuration, one behaviour. */
export async function createApp({ runtime, logger, version, auth, trustedProxies = [], webDir, fileStore, outbox }: CreateAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(runtime, version, auth, fileStore, outbox), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.disable('x-powered-by');
  // req.ip (rate limits, audit) comes from X-Forwarded-For only through the listed proxies: a client
  // cannot forge its address, and clients behind one proxy are not lumped into one bucket.
  app.set('trust proxy', trustedProxies.length > 0 ? trustedProxies : false);
  app.use(createHttpLogger(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'script-src': ["'self'"],
          // ng-zorro and Angular set component styles inline.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'font-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'frame-ancestors': ["'none'"],
          'upgrade-insecure-requests': null,
        },
      },
      strictTransportSecurity: { maxAge: 15552000, includeSubDomains: true },
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(logger));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Dahe API — 大河工坊 · 职教出海项目申报平台')
      .setDescription('REST API of the Dahe application platform. Times are ISO 8601 in UTC.')
      .setVersion(version)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs-json` });

  if (webDir && existsSync(join(webDir, 'index.html'))) serveWebApp(app, webDir);
  return app;
}

/**
 * The Angular app from `/`: hashed assets cached for a year, index.html never, and every other
 * GET outside /api answered with index.html so the client router (and its 404 page) decides.
 */
function serveWebApp(app: NestExpressApplication, webDir: string) {
  const indexFile = join(webDir, 'index.html');
  app.use(
    express.static(webDir, {
      index: false,
      setHeaders: (res, path) => {
        res.setHeader('Cache-Control', /\.[0-9a-z]{8,}\.(js|css)$/i.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    const isApi = req.path === `/${API_PREFIX}` || req.path.startsWith(`/${API_PREFIX}/`);
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApi || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
}
