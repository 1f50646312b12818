import type { Routes } from '@angular/router';
import { WorkspacePage } from './workspace-page';

export const workspaceRoutes: Routes = [{ path: '', title: 'workspace.pageTitle', component: WorkspacePage }];
