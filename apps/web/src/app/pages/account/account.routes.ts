import type { Routes } from '@angular/router';
import { ChangePasswordPage } from './change-password-page';
import { TwoFactorPage } from './two-factor-page';

export const accountRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'password' },
  { path: 'password', title: 'password.pageTitle', component: ChangePasswordPage },
  { path: 'security', title: 'totp.pageTitle', component: TwoFactorPage },
];
