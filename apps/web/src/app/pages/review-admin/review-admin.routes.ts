import type { Routes } from '@angular/router';
import { ReviewAdminPage } from './review-admin-page';

export const reviewAdminRoutes: Routes = [{ path: '', title: 'review.admin.pageTitle', component: ReviewAdminPage }];
