import type { Routes } from '@angular/router';
import { ReviewsPage } from './reviews-page';

export const reviewsRoutes: Routes = [
  { path: '', title: 'review.mine.pageTitle', component: ReviewsPage },
  // The score sheet of one assigned application; the API shows nothing that is not assigned to the expert.
  { path: ':applicationId', title: 'review.sheet.pageTitle', loadComponent: () => import('./review-sheet-page').then((m) => m.ReviewSheetPage) },
];
