import type { Routes } from '@angular/router';
import { IntakePage } from './intake-page';

export const intakeRoutes: Routes = [{ path: '', title: 'intake.pageTitle', component: IntakePage }];
