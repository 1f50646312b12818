import { HttpClient, type HttpContext } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ProvinceDashboardDto, SchoolHomeDto, SupervisorDashboardDto } from '@dahe/shared/contracts';
import type { Observable } from 'rxjs';

/** The routes the dashboards read. */
export const DashboardRoutes = {
  province: (callId: string) => `/api/calls/${encodeURIComponent(callId)}/dashboard`,
  supervisor: '/api/supervisor/dashboard',
  schoolHome: '/api/school/home',
} as const;

interface Options {
  readonly context?: HttpContext;
}

/** The three dashboards' figures: one request a method; errors reach the caller. */
@Injectable({ providedIn: 'root' })
export class DashboardApiService {
  private readonly http = inject(HttpClient);

  /** The province's figures of one call (province officer). */
  province(callId: string, options: Options = {}): Observable<ProvinceDashboardDto> {
    return this.http.get<ProvinceDashboardDto>(DashboardRoutes.province(callId), options);
  }

  /** The active supervising unit's schools, what waits for its approval, and counts in one call. */
  supervisor(callId: string, options: Options = {}): Observable<SupervisorDashboardDto> {
    return this.http.get<SupervisorDashboardDto>(DashboardRoutes.supervisor, { ...options, params: { callId } });
  }

  /** The active school's applications, section by section. */
  schoolHome(options: Options = {}): Observable<SchoolHomeDto> {
    return this.http.get<SchoolHomeDto>(DashboardRoutes.schoolHome, options);
  }
}
