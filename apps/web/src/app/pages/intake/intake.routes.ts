import type { Routes } from '@angular/router';

// Placeholder until the page lands (issue 6, in progress): the owner of this folder replaces it.
export const intakeRoutes: Routes = [{ path: '', title: 'nav.intake', loadComponent: () => import('../not-found/not-found-page').then((m) => m.NotFoundPage) }];
