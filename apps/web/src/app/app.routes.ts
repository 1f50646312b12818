import type { Routes } from '@angular/router';
import { navItemGuard, signedInGuard, signedOutGuard } from '@dahe/web/core';

/**
 * Every feature is lazy and brings its own `*.routes.ts`. A route's `title` is a dictionary key;
 * `I18nTitleStrategy` translates it and keeps it in step with the language switch.
 *
 * `/` is the workspace; its guard sends signed-out people to `/login` (and back afterwards), and
 * someone who must enrol a second factor to `/account/security`. Pages of the navigation also check
 * the ability that shows their link. `/invite/:token` is public: the link is the credential.
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
    path: 'calls',
    canActivate: [signedInGuard, navItemGuard('calls')],
    loadChildren: () => import('./pages/calls/calls.routes').then((m) => m.callsRoutes),
  },
  {
    // What waits for this person: signatures, approvals, submitted applications (issue 5).
    path: 'todo',
    canActivate: [signedInGuard, navItemGuard('todo')],
    loadChildren: () => import('./pages/todo/todo.routes').then((m) => m.todoRoutes),
  },
  {
    // The 申报书 editor; the API decides who may read or write which application.
    path: 'applications',
    canActivate: [signedInGuard],
    loadChildren: () => import('./pages/application/application.routes').then((m) => m.applicationRoutes),
  },
  {
    path: 'organisation',
    canActivate: [signedInGuard, navItemGuard('members')],
    loadChildren: () => import('./pages/members/members.routes').then((m) => m.membersRoutes),
  },
  {
    path: 'organisations',
    canActivate: [signedInGuard, navItemGuard('organisations')],
    loadChildren: () => import('./pages/organisations/organisations.routes').then((m) => m.organisationsRoutes),
  },
  {
    path: 'security',
    canActivate: [signedInGuard, navItemGuard('security')],
    loadChildren: () => import('./pages/security/security.routes').then((m) => m.securityRoutes),
  },
  {
    // 通知发件箱: the hand-over notices and whether they went out (issue 5, E-mail).
    path: 'outbox',
    canActivate: [signedInGuard, navItemGuard('outbox')],
    loadChildren: () => import('./pages/outbox/outbox.routes').then((m) => m.outboxRoutes),
  },
  {
    // The province runs the call (issue 6): dashboard, intake and decisions, expert review set-up.
    path: 'province',
    canActivate: [signedInGuard],
    children: [
      { path: 'dashboard', canActivate: [navItemGuard('dashboard')], loadChildren: () => import('./pages/province-dashboard/province-dashboard.routes').then((m) => m.provinceDashboardRoutes) },
      { path: 'intake', canActivate: [navItemGuard('intake')], loadChildren: () => import('./pages/intake/intake.routes').then((m) => m.intakeRoutes) },
      { path: 'review', canActivate: [navItemGuard('review')], loadChildren: () => import('./pages/review-admin/review-admin.routes').then((m) => m.reviewAdminRoutes) },
    ],
  },
  {
    // 专家评审: the expert's assignments and score sheets.
    path: 'reviews',
    canActivate: [signedInGuard, navItemGuard('reviews')],
    loadChildren: () => import('./pages/reviews/reviews.routes').then((m) => m.reviewsRoutes),
  },
  {
    path: 'invite',
    loadChildren: () => import('./pages/invite/invite.routes').then((m) => m.inviteRoutes),
  },
  {
    path: '**',
    title: 'notFound.pageTitle',
    loadComponent: () => import('./pages/not-found/not-found-page').then((m) => m.NotFoundPage),
  },
];
