import { HttpClient, type HttpContext } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ApplicationDto, ApplicationSummaryDto, CallDto, CreateCallRequest } from '@dahe/shared/contracts';
import type { Observable } from 'rxjs';

/** The routes the calls pages use. */
export const CallsRoutes = {
  calls: '/api/calls',
  open: (callId: string) => `/api/calls/${encodeURIComponent(callId)}/open`,
  applications: '/api/applications',
} as const;

interface Options {
  readonly context?: HttpContext;
}

/**
 * Calls, and the applications a school starts in them. Thin: one request a method; errors reach the
 * caller (and the error interceptor, unless the caller's context says it shows them itself).
 */
@Injectable({ providedIn: 'root' })
export class CallsApiService {
  private readonly http = inject(HttpClient);

  /** The calls the person may read: all of the province's for its staff, the open ones for everyone else. */
  list(options: Options = {}): Observable<CallDto[]> {
    return this.http.get<CallDto[]>(CallsRoutes.calls, options);
  }

  /** A new call, as a draft. */
  create(request: CreateCallRequest, options: Options = {}): Observable<CallDto> {
    return this.http.post<CallDto>(CallsRoutes.calls, request, options);
  }

  /** Opens a draft to the schools. */
  open(callId: string, options: Options = {}): Observable<CallDto> {
    return this.http.post<CallDto>(CallsRoutes.open(callId), {}, options);
  }

  /** The applications the person may see (a school its own), their state and last change. */
  applications(options: Options = {}): Observable<ApplicationSummaryDto[]> {
    return this.http.get<ApplicationSummaryDto[]>(CallsRoutes.applications, options);
  }

  /** Starts an application of the active school in an open call. */
  startApplication(callId: string, options: Options = {}): Observable<ApplicationDto> {
    return this.http.post<ApplicationDto>(CallsRoutes.applications, { callId }, options);
  }
}
