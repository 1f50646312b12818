import type { Routes } from '@angular/router';
import { OutboxPage } from './outbox-page';

export const outboxRoutes: Routes = [{ path: '', title: 'outbox.pageTitle', component: OutboxPage }];
