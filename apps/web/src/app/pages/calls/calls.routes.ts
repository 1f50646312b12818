import type { Routes } from '@angular/router';
import { CallCreatePage } from './call-create-page';
import { CallsPage } from './calls-page';

export const callsRoutes: Routes = [
  { path: '', title: 'calls.pageTitle', component: CallsPage },
  { path: 'new', title: 'calls.create.pageTitle', component: CallCreatePage },
];
