import type { Routes } from '@angular/router';
import { ImportPage } from './import-page';
import { OrganisationsPage } from './organisations-page';

export const organisationsRoutes: Routes = [
  { path: '', title: 'orgs.pageTitle', component: OrganisationsPage },
  { path: 'import', title: 'import.pageTitle', component: ImportPage },
];
