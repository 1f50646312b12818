import type { Routes } from '@angular/router';
import { InvitePage } from './invite-page';

/** Public: the link is the credential; no sign-in needed (or wanted) to open it. */
export const inviteRoutes: Routes = [{ path: ':token', title: 'invite.pageTitle', component: InvitePage }];
