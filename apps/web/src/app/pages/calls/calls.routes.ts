import type { Routes } from '@angular/router';

export const callsRoutes: Routes = [];
