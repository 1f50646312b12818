import type { Routes } from '@angular/router';

/**
 * Every feature is lazy and brings its own `*.routes.ts`. A route's `title` is a dictionary key;
 * `I18nTitleStrategy` translates it and keeps it in step with the language switch.
 */
export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'login' },
  { path: 'login', loadChildren: () => import('./pages/login/login.routes').then((m) => m.loginRoutes) },
  {
    path: '**',
    title: 'notFound.pageTitle',
    loadComponent: () => import('./pages/not-found/not-found-page').then((m) => m.NotFoundPage),
  },
];
