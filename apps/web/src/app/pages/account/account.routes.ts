import type { Routes } from '@angular/router';
import { ChangePasswordPage } from './change-password-page';

export const accountRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'password' },
  { path: 'password', title: 'password.pageTitle', component: ChangePasswordPage },
];
