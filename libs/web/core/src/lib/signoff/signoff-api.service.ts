import { HttpClient, HttpContext } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ApplicationSummaryDto,
  DeadlineExtensionDto,
  DeadlineExtensionRequest,
  TimelineDto,
  TransitionRequest,
  TransitionResponse,
} from '@dahe/shared/contracts';
import type { Observable } from 'rxjs';
import { NOTIFY_HTTP_ERRORS } from '../http/http-context';

const enc = encodeURIComponent;

/** The sign-off routes of the API (issue 5). */
export const SignoffRoutes = {
  applications: '/api/applications',
  transitions: (id: string) => `/api/applications/${enc(id)}/transitions`,
  timeline: (id: string) => `/api/applications/${enc(id)}/timeline`,
  extensions: (callId: string) => `/api/calls/${enc(callId)}/extensions`,
} as const;

interface Options {
  readonly context?: HttpContext;
}

/**
 * Transitions, the timeline and deadline extensions. One method, one request. A transition's refusal
 * is explained in place by the page (`describeTransitionError`), so by default it is not also toasted;
 * an expired session still ends through the interceptor.
 */
@Injectable({ providedIn: 'root' })
export class SignoffApiService {
  private readonly http = inject(HttpClient);

  /** What the caller may see (scoped by the API: a school its own, a supervisor its schools', the province all). */
  list(options: Options = {}): Observable<ApplicationSummaryDto[]> {
    return this.http.get<ApplicationSummaryDto[]>(SignoffRoutes.applications, options);
  }

  transition(id: string, request: TransitionRequest, options: Options = { context: inPlace() }): Observable<TransitionResponse> {
    return this.http.post<TransitionResponse>(SignoffRoutes.transitions(id), request, options);
  }

  timeline(id: string, options: Options = {}): Observable<TimelineDto> {
    return this.http.get<TimelineDto>(SignoffRoutes.timeline(id), options);
  }

  extendDeadline(callId: string, request: DeadlineExtensionRequest, options: Options = { context: inPlace() }): Observable<DeadlineExtensionDto> {
    return this.http.post<DeadlineExtensionDto>(SignoffRoutes.extensions(callId), request, options);
  }
}

/** Errors shown in place by the caller; a 401 still ends the session. */
function inPlace(): HttpContext {
  return new HttpContext().set(NOTIFY_HTTP_ERRORS, false);
}
