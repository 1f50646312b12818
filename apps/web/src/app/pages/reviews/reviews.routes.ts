import type { Routes } from '@angular/router';

// Placeholder until the page lands (issue 6, in progress): the owner of this folder replaces it.
export const reviewsRoutes: Routes = [{ path: '', title: 'nav.reviews', loadComponent: () => import('../not-found/not-found-page').then((m) => m.NotFoundPage) }];
