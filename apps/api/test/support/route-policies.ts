import { type INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { PUBLIC_ROUTE, ROUTE_POLICY, type RoutePolicy } from '@dahe/api/core/util-auth';

/** One HTTP route of a Nest app and what its metadata says about who may call it. */
export interface RouteAccess {
  method: string;
  /** Full path as served, global prefix included, e.g. `/api/organisations/:orgId/members`. */
  path: string;
  /** `Controller.method`, to name the culprit when a route declares nothing (or both). */
  handler: string;
  /** `@Public()`: metadata 'dahe:public' is true. */
  isPublic: boolean;
  /** `@Authorize(…)`: the object under metadata 'dahe:policy'. */
  policy?: RoutePolicy;
}

const asList = (value: string | string[] | undefined, fallback: string): string[] => {
  if (value === undefined) return [fallback];
  return Array.isArray(value) ? value : [value];
};

const joinPath = (...parts: string[]) => `/${parts.flatMap((p) => p.split('/')).filter(Boolean).join('/')}`;

/**
 * Every route handler of every controller in the app, read from the same metadata Nest's router and
 * the global AuthGuard read: path and method from @Get/@Post…, access through a Reflector with the
 * guard's precedence (handler first, then controller). Sorted by path, then method.
 */
export function listRoutes(app: INestApplication, globalPrefix: string): RouteAccess[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const controllers = new Set<new (...args: never[]) => unknown>();
  for (const wrapper of discovery.getControllers()) {
    if (typeof wrapper.metatype === 'function') controllers.add(wrapper.metatype as new (...args: never[]) => unknown);
  }

  const routes: RouteAccess[] = [];
  for (const controller of controllers) {
    const prefixes = asList(Reflect.getMetadata(PATH_METADATA, controller), '/');
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (typeof handler !== 'function') continue;
      const paths: string | string[] | undefined = Reflect.getMetadata(PATH_METADATA, handler);
      // Nest makes a route of a method only when it has a path (set by @Get, @Post, …).
      if (paths === undefined) continue;
      const requestMethod: RequestMethod = Reflect.getMetadata(METHOD_METADATA, handler) ?? RequestMethod.GET;
      const targets = [handler, controller];
      const isPublic = reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets) === true;
      const policy = reflector.getAllAndOverride<RoutePolicy | undefined>(ROUTE_POLICY, targets);
      for (const prefix of prefixes) {
        for (const path of asList(paths, '/')) {
          routes.push({
            method: RequestMethod[requestMethod],
            path: joinPath(globalPrefix, prefix, path),
            handler: `${controller.name}.${name}`,
            isPublic,
            ...(policy ? { policy } : {}),
          });
        }
      }
    }
  }
  return routes.sort((a, b) => (a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1));
}

/** Routes that declare neither @Public() nor @Authorize(…), or both: each as a readable line. */
export function routesWithoutOnePolicy(routes: RouteAccess[]): string[] {
  return routes
    .filter((route) => route.isPublic === Boolean(route.policy))
    .map((route) => `${route.method} ${route.path} (${route.handler}): ${route.isPublic ? 'both @Public() and @Authorize()' : 'neither @Public() nor @Authorize()'}`);
}

/** The list as it is snapshotted: method, path and access, nothing incidental. */
export function accessTable(routes: RouteAccess[]): { route: string; access: 'public' | RoutePolicy }[] {
  return routes.map((route) => ({ route: `${route.method} ${route.path}`, access: route.isPublic ? 'public' : route.policy! }));
}
