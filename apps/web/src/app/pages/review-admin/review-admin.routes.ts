import type { Routes } from '@angular/router';

// Placeholder until the page lands (issue 6, in progress): the owner of this folder replaces it.
export const reviewAdminRoutes: Routes = [{ path: '', title: 'nav.review', loadComponent: () => import('../not-found/not-found-page').then((m) => m.NotFoundPage) }];
