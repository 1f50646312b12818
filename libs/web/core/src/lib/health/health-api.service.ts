import { HttpClient, HttpContext, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { ApiRoutes, type HealthResponse } from '@dahe/shared/contracts';
import { type Observable, catchError, of, throwError } from 'rxjs';
import { NOTIFY_HTTP_ERRORS } from '../http/http-context';

export interface HealthRequestOptions {
  /**
   * Let the global interceptor show a message on failure. Off by default: the status card shows
   * its own error state, and a health probe is not something the user asked for.
   */
  notifyErrors?: boolean;
}

function isHealthResponse(body: unknown): body is HealthResponse {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Partial<HealthResponse>).status === 'string' &&
    typeof (body as Partial<HealthResponse>).database === 'object'
  );
}

/** `GET /api/health`. */
@Injectable({ providedIn: 'root' })
export class HealthApiService {
  private readonly http = inject(HttpClient);

  getHealth(options: HealthRequestOptions = {}): Observable<HealthResponse> {
    const context = new HttpContext().set(NOTIFY_HTTP_ERRORS, options.notifyErrors ?? false);
    return this.http.get<HealthResponse>(ApiRoutes.health, { context }).pipe(
      // A degraded API may answer 503 with a health body: that is a result to show, not a failure.
      catchError((error: unknown) =>
        error instanceof HttpErrorResponse && error.status === 503 && isHealthResponse(error.error)
          ? of(error.error)
          : throwError(() => error),
      ),
    );
  }
}
