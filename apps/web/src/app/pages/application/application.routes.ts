import type { Routes } from '@angular/router';
import { ApplicationEditorPage } from './application-editor-page';

export const applicationRoutes: Routes = [
  { path: ':id', title: 'editor.pageTitle', component: ApplicationEditorPage },
  // Signing, approving and reading the printed form (issue 5); the API decides who sees the text.
  { path: ':id/sign', title: 'signoff.page.pageTitle', loadComponent: () => import('./signoff/signoff-page').then((m) => m.SignoffPage) },
];
