import type { Routes } from '@angular/router';
import { SecurityPage } from './security-page';

export const securityRoutes: Routes = [{ path: '', title: 'security.pageTitle', component: SecurityPage }];
