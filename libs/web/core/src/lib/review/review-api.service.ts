import { HttpClient, HttpContext, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AssignRequest,
  AssignResponse,
  ConflictDto,
  ConflictRequest,
  ExpertDto,
  ReviewProgressDto,
  ReviewSettingsDto,
  ReviewSettingsRequest,
  ReviewSheetDto,
  ReviewTaskDto,
  SaveScoresRequest,
} from '@dahe/shared/contracts';
import type { Observable } from 'rxjs';
import { NOTIFY_HTTP_ERRORS } from '../http/http-context';

const enc = encodeURIComponent;

/** The expert-review routes of the API (issue 6). */
export const ReviewRoutes = {
  settings: (callId: string) => `/api/calls/${enc(callId)}/review`,
  experts: (callId: string) => `/api/calls/${enc(callId)}/review/experts`,
  schools: (callId: string) => `/api/calls/${enc(callId)}/review/schools`,
  conflicts: (callId: string) => `/api/calls/${enc(callId)}/review/conflicts`,
  assignments: (callId: string) => `/api/calls/${enc(callId)}/review/assignments`,
  assignment: (callId: string, applicationId: string, expertId: string) => `/api/calls/${enc(callId)}/review/assignments/${enc(applicationId)}/${enc(expertId)}`,
  progress: (callId: string) => `/api/calls/${enc(callId)}/review/progress`,
  reviews: '/api/reviews',
  review: (applicationId: string) => `/api/reviews/${enc(applicationId)}`,
  submit: (applicationId: string) => `/api/reviews/${enc(applicationId)}/submit`,
} as const;

interface Options {
  readonly context?: HttpContext;
}

/**
 * Expert review: the officer's set-up (rubric and settings, experts, conflicts, assignments, progress) and
 * the expert's own side (assignments, score sheet, conflict declarations). One method, one request. Writes
 * are explained in place by the page, so by default they are not also toasted; a 401 still ends the session.
 */
@Injectable({ providedIn: 'root' })
export class ReviewApiService {
  private readonly http = inject(HttpClient);

  settings(callId: string, options: Options = {}): Observable<ReviewSettingsDto> {
    return this.http.get<ReviewSettingsDto>(ReviewRoutes.settings(callId), options);
  }

  saveSettings(callId: string, request: ReviewSettingsRequest, options: Options = { context: inPlace() }): Observable<ReviewSettingsDto> {
    return this.http.put<ReviewSettingsDto>(ReviewRoutes.settings(callId), request, options);
  }

  experts(callId: string, options: Options = {}): Observable<ExpertDto[]> {
    return this.http.get<ExpertDto[]>(ReviewRoutes.experts(callId), options);
  }

  /** Schools to declare a conflict with, matching `q` (name). */
  schools(callId: string, q: string, options: Options = {}): Observable<{ id: string; name: string }[]> {
    return this.http.get<{ id: string; name: string }[]>(ReviewRoutes.schools(callId), { ...options, params: new HttpParams().set('q', q) });
  }

  /** The officer: every expert's declarations; an expert: their own. */
  conflicts(callId: string, options: Options = {}): Observable<ConflictDto[]> {
    return this.http.get<ConflictDto[]>(ReviewRoutes.conflicts(callId), options);
  }

  declareConflict(callId: string, request: ConflictRequest, options: Options = { context: inPlace() }): Observable<ConflictDto> {
    return this.http.post<ConflictDto>(ReviewRoutes.conflicts(callId), request, options);
  }

  assign(callId: string, request: AssignRequest, options: Options = { context: inPlace() }): Observable<AssignResponse> {
    return this.http.post<AssignResponse>(ReviewRoutes.assignments(callId), request, options);
  }

  unassign(callId: string, applicationId: string, expertId: string, options: Options = { context: inPlace() }): Observable<void> {
    return this.http.delete<void>(ReviewRoutes.assignment(callId, applicationId, expertId), options);
  }

  progress(callId: string, options: Options = {}): Observable<ReviewProgressDto> {
    return this.http.get<ReviewProgressDto>(ReviewRoutes.progress(callId), options);
  }

  /** What is assigned to the calling expert. */
  tasks(options: Options = {}): Observable<ReviewTaskDto[]> {
    return this.http.get<ReviewTaskDto[]>(ReviewRoutes.reviews, options);
  }

  sheet(applicationId: string, options: Options = {}): Observable<ReviewSheetDto> {
    return this.http.get<ReviewSheetDto>(ReviewRoutes.review(applicationId), options);
  }

  saveScores(applicationId: string, request: SaveScoresRequest, options: Options = { context: inPlace() }): Observable<ReviewSheetDto> {
    return this.http.put<ReviewSheetDto>(ReviewRoutes.review(applicationId), request, options);
  }

  submit(applicationId: string, options: Options = { context: inPlace() }): Observable<ReviewSheetDto> {
    return this.http.post<ReviewSheetDto>(ReviewRoutes.submit(applicationId), {}, options);
  }
}

/** Errors shown in place by the caller; a 401 still ends the session. */
function inPlace(): HttpContext {
  return new HttpContext().set(NOTIFY_HTTP_ERRORS, false);
}
