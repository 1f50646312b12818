import type { Routes } from '@angular/router';
import { MembersPage } from './members-page';

export const membersRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'members' },
  { path: 'members', title: 'members.pageTitle', component: MembersPage },
];
