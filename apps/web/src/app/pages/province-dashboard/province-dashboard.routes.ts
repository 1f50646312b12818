import type { Routes } from '@angular/router';

export const provinceDashboardRoutes: Routes = [
  { path: '', title: 'dash.province.pageTitle', loadComponent: () => import('./province-dashboard-page').then((m) => m.ProvinceDashboardPage) },
];
