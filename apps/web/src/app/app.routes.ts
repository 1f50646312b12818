import type { Routes } from '@angular/router';
import { signedInGuard, signedOutGuard } from '@dahe/web/core';

/**
 * Every feature is lazy and brings its own `*.routes.ts`. A route's `title` is a dictionary key;
 * `I18nTitleStrategy` translates it and keeps it in step with the language switch.
 *
 * `/` is the workspace; its guard sends signed-out people to `/login` (and back afterwards).
 */
export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'workspace' },
  {
    path: 'login',
    canActivate: [signedOutGuard],
    loadChildren: () => import('./pages/login/login.routes').then((m) => m.loginRoutes),
  },
  {
    path: 'workspace',
    canActivate: [signedInGuard],
    loadChildren: () => import('./pages/workspace/workspace.routes').then((m) => m.workspaceRoutes),
  },
  {
    path: 'account',
    canActivate: [signedInGuard],
    loadChildren: () => import('./pages/account/account.routes').then((m) => m.accountRoutes),
  },
  {
    path: '**',
    title: 'notFound.pageTitle',
    loadComponent: () => import('./pages/not-found/not-found-page').then((m) => m.NotFoundPage),
  },
];
