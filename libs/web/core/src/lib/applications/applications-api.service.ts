import { HttpClient, HttpContext, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ApplicationDto,
  CallDto,
  EvidenceItemDto,
  SaveSectionRequest,
  SaveSectionResponse,
  SectionAssignments,
  SectionPresenceDto,
  SectionState,
  SectionVersionDto,
  SetAssigneesRequest,
} from '@dahe/shared/contracts';
import type { ValidationReport } from '@dahe/shared/form';
import { type Observable, firstValueFrom } from 'rxjs';
import { NOTIFY_HTTP_ERRORS } from '../http/http-context';
import { type SaveOutcome, saveOutcomeOf } from './section-autosave';

const enc = encodeURIComponent;

/** The application routes of the API the editor uses. */
export const ApplicationRoutes = {
  calls: '/api/calls',
  application: (id: string) => `/api/applications/${enc(id)}`,
  section: (id: string, key: string) => `/api/applications/${enc(id)}/sections/${enc(key)}`,
  history: (id: string, key: string) => `/api/applications/${enc(id)}/sections/${enc(key)}/history`,
  validation: (id: string) => `/api/applications/${enc(id)}/validation`,
  evidence: (id: string) => `/api/applications/${enc(id)}/evidence`,
  assignments: (id: string) => `/api/applications/${enc(id)}/assignments`,
  assignees: (id: string, key: string) => `/api/applications/${enc(id)}/sections/${enc(key)}/assignees`,
  presence: (id: string, key: string) => `/api/applications/${enc(id)}/sections/${enc(key)}/presence`,
} as const;

interface Options {
  readonly context?: HttpContext;
}

/** Applications, their sections, validation and collaboration. One method, one request. */
@Injectable({ providedIn: 'root' })
export class ApplicationsApiService {
  private readonly http = inject(HttpClient);

  get(id: string, options: Options = {}): Observable<ApplicationDto> {
    return this.http.get<ApplicationDto>(ApplicationRoutes.application(id), options);
  }

  calls(options: Options = {}): Observable<CallDto[]> {
    return this.http.get<CallDto[]>(ApplicationRoutes.calls, options);
  }

  section(id: string, key: string, options: Options = {}): Observable<SectionState> {
    return this.http.get<SectionState>(ApplicationRoutes.section(id, key), options);
  }

  saveSection(id: string, key: string, request: SaveSectionRequest, options: Options = {}): Observable<SaveSectionResponse> {
    return this.http.put<SaveSectionResponse>(ApplicationRoutes.section(id, key), request, options);
  }

  /** A save for the autosave: never throws, every failure is an outcome the editor shows in place. */
  async trySave(id: string, key: string, content: unknown, version: number): Promise<SaveOutcome> {
    try {
      const saved = await firstValueFrom(this.saveSection(id, key, { content, version }, { context: quietSave() }));
      return { kind: 'saved', version: saved.version };
    } catch (error: unknown) {
      return error instanceof HttpErrorResponse ? saveOutcomeOf(error.status, error.error) : saveOutcomeOf(0, undefined);
    }
  }

  history(id: string, key: string, options: Options = {}): Observable<SectionVersionDto[]> {
    return this.http.get<SectionVersionDto[]>(ApplicationRoutes.history(id, key), options);
  }

  validation(id: string, options: Options = {}): Observable<ValidationReport> {
    return this.http.get<ValidationReport>(ApplicationRoutes.validation(id), options);
  }

  evidence(id: string, options: Options = {}): Observable<EvidenceItemDto[]> {
    return this.http.get<EvidenceItemDto[]>(ApplicationRoutes.evidence(id), options);
  }

  assignments(id: string, options: Options = {}): Observable<SectionAssignments> {
    return this.http.get<SectionAssignments>(ApplicationRoutes.assignments(id), options);
  }

  setAssignees(id: string, key: string, userIds: string[], options: Options = {}): Observable<SectionAssignments> {
    const body: SetAssigneesRequest = { userIds };
    return this.http.put<SectionAssignments>(ApplicationRoutes.assignees(id, key), body, options);
  }

  /** The heartbeat of an open section; answers the others editing it. */
  presence(id: string, key: string, options: Options = {}): Observable<SectionPresenceDto> {
    return this.http.post<SectionPresenceDto>(ApplicationRoutes.presence(id, key), null, options);
  }
}

/** The editor says in place what went wrong with a save; a 401 still ends the session through the interceptor. */
function quietSave(): HttpContext {
  return new HttpContext().set(NOTIFY_HTTP_ERRORS, false);
}
