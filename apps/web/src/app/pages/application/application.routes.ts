import type { Routes } from '@angular/router';
import { ApplicationEditorPage } from './application-editor-page';

export const applicationRoutes: Routes = [{ path: ':id', title: 'editor.pageTitle', component: ApplicationEditorPage }];
