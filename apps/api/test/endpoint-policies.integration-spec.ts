import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Delete, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Authorize, Public } from '@dahe/api/core/util-auth';
import { API_PREFIX } from '@dahe/shared/contracts';
import { accessTable, listRoutes, routesWithoutOnePolicy } from './support/route-policies';
import { createTestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/** Routes Express serves that are not Nest handlers: the OpenAPI document and its UI, public on purpose. */
const SWAGGER_ROUTE = new RegExp(`^/${API_PREFIX}/docs(?:[-/].*)?$`);

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** What Express actually routes (its router stack): the ground truth the discovered list must cover. */
function expressRoutes(app: NestExpressApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: ExpressLayer[] } };
  const stack = express.router?.stack;
  if (!stack) throw new Error('cannot read the Express router stack (Express internals changed?)');
  return stack
    .filter((layer) => layer.route)
    .flatMap((layer) => Object.keys(layer.route!.methods).map((method) => ({ method: method.toUpperCase(), path: layer.route!.path })))
    .filter((route) => !SWAGGER_ROUTE.test(route.path))
    .map((route) => `${route.method} ${route.path}`)
    .sort();
}

describe('every HTTP route declares who may call it', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('has exactly one of @Public() or @Authorize(…) on every route, and the list is the reviewed one', () => {
    const routes = listRoutes(app, API_PREFIX);
    expect(routes.length).toBeGreaterThan(0);
    // Every route Express serves (bar the API docs) was found, and nothing else was.
    expect(routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(expressRoutes(app));
    expect(routesWithoutOnePolicy(routes)).toEqual([]);
    // A new route, or a changed policy, shows up here for review: update with `jest -u` when intended.
    expect(accessTable(routes)).toMatchSnapshot();
  });
});

// A deliberately broken controller: the check above must name such routes (it is how it can fail).
@Controller('probe')
class ProbeController {
  @Public()
  @Get('open')
  open() {
    return 'open';
  }

  @Authorize('read', 'User')
  @Post('closed')
  closed() {
    return 'closed';
  }

  @Delete('forgotten')
  // eslint-disable-next-line dahe/route-needs-policy -- deliberately undeclared, to prove the check catches it
  forgotten() {
    return 'forgotten';
  }

  @Public()
  @Authorize('read', 'User')
  @Get('confused')
  // eslint-disable-next-line dahe/route-needs-policy -- deliberately both
  confused() {
    return 'confused';
  }
}

/** Public for the whole controller: the guard reads the class too, so this counts as declared. */
@Public()
@Controller(['legacy', 'old'])
class PublicClassController {
  @Get()
  // eslint-disable-next-line dahe/route-needs-policy -- declared on the class, which the rule does not look at
  index() {
    return 'legacy';
  }
}

@Module({ controllers: [ProbeController, PublicClassController] })
class ProbeModule {}

describe('the route policy check itself', () => {
  it('names routes with neither or both declarations, and reads class-level ones as the guard does', async () => {
    const probe = await NestFactory.create<NestExpressApplication>(ProbeModule, { logger: false });
    try {
      probe.setGlobalPrefix('x');
      await probe.init();
      const routes = listRoutes(probe, 'x');
      expect(routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(expressRoutes(probe));
      expect(routesWithoutOnePolicy(routes)).toEqual([
        'GET /x/probe/confused (ProbeController.confused): both @Public() and @Authorize()',
        'DELETE /x/probe/forgotten (ProbeController.forgotten): neither @Public() nor @Authorize()',
      ]);
      expect(accessTable(routes).filter((r) => !r.route.includes('confused') && !r.route.includes('forgotten'))).toEqual([
        { route: 'GET /x/legacy', access: 'public' },
        { route: 'GET /x/old', access: 'public' },
        { route: 'POST /x/probe/closed', access: { action: 'read', subject: 'User' } },
        { route: 'GET /x/probe/open', access: 'public' },
      ]);
    } finally {
      await probe.close();
    }
  });
});
