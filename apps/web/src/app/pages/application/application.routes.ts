import type { Routes } from '@angular/router';

export const applicationRoutes: Routes = [];
