import { HttpBackend, HttpClient, HttpContext, type HttpEvent, HttpXhrBackend, provideHttpClient, withInterceptors } from '@angular/common/http';
import { EnvironmentInjector, Injectable, createEnvironmentInjector, inject } from '@angular/core';
import type { CreateCommentRequest, EvidenceItemDto, SaveSectionResponse, SectionCommentDto, SectionVersionDto } from '@dahe/shared/contracts';
import type { Observable } from 'rxjs';
import { csrfInterceptor } from '../http/csrf.interceptor';
import { NOTIFY_HTTP_ERRORS } from '../http/http-context';
import { httpErrorInterceptor } from '../http/http-error.interceptor';

const app = (id: string) => `/api/applications/${encodeURIComponent(id)}`;
const section = (id: string, key: string) => `${app(id)}/sections/${encodeURIComponent(key)}`;

/** The collaboration routes of the API: history, comments, evidence. */
export const CollaborationRoutes = {
  history: (id: string, key: string) => `${section(id, key)}/history`,
  restore: (id: string, key: string) => `${section(id, key)}/restore`,
  comments: (id: string, key: string) => `${section(id, key)}/comments`,
  resolve: (id: string, key: string, commentId: string) => `${section(id, key)}/comments/${encodeURIComponent(commentId)}/resolve`,
  reopen: (id: string, key: string, commentId: string) => `${section(id, key)}/comments/${encodeURIComponent(commentId)}/reopen`,
  evidence: (id: string) => `${app(id)}/evidence`,
  evidenceItem: (id: string, itemId: string) => `${app(id)}/evidence/${encodeURIComponent(itemId)}`,
  /** A plain link works: the session cookie authenticates the download. */
  evidenceFile: (id: string, fileId: string) => `${app(id)}/evidence/files/${encodeURIComponent(fileId)}`,
} as const;

export interface EvidenceUpload {
  readonly category: string;
  readonly title: string;
  readonly isAgreement: boolean;
  readonly files: readonly File[];
}

export interface EvidenceChange {
  readonly title?: string;
  readonly category?: string;
  readonly isAgreement?: boolean;
}

/**
 * The collaboration panels show every failure in place, so their requests do not also raise the
 * global error notice; an expired session still sends the person to sign in.
 */
function inPlace(): { context: HttpContext } {
  return { context: new HttpContext().set(NOTIFY_HTTP_ERRORS, false) };
}

/** Section history and restore, comment threads and evidence of one application. One request a method. */
@Injectable({ providedIn: 'root' })
export class CollaborationApiService {
  private readonly http = inject(HttpClient);
  /**
   * The app's HttpClient runs on fetch, which reports no upload progress; uploads go through an
   * XMLHttpRequest client with the app's interceptors (CSRF, errors) so the progress bar is real.
   */
  private readonly xhr = createEnvironmentInjector(
    [provideHttpClient(withInterceptors([csrfInterceptor, httpErrorInterceptor])), { provide: HttpBackend, useExisting: HttpXhrBackend }],
    inject(EnvironmentInjector),
  ).get(HttpClient);

  history(applicationId: string, key: string): Observable<SectionVersionDto[]> {
    return this.http.get<SectionVersionDto[]>(CollaborationRoutes.history(applicationId, key), inPlace());
  }

  /** Brings `version` back as a new version; `basedOn` is the version it replaces (a stale one answers 409). */
  restore(applicationId: string, key: string, version: number, basedOn: number): Observable<SaveSectionResponse> {
    return this.http.post<SaveSectionResponse>(CollaborationRoutes.restore(applicationId, key), { restore: version, version: basedOn }, inPlace());
  }

  comments(applicationId: string, key: string): Observable<SectionCommentDto[]> {
    return this.http.get<SectionCommentDto[]>(CollaborationRoutes.comments(applicationId, key), inPlace());
  }

  addComment(applicationId: string, key: string, request: CreateCommentRequest): Observable<SectionCommentDto> {
    return this.http.post<SectionCommentDto>(CollaborationRoutes.comments(applicationId, key), request, inPlace());
  }

  /** Resolves or reopens a thread (by its first comment); answers the section's comments. */
  setResolved(applicationId: string, key: string, commentId: string, resolved: boolean): Observable<SectionCommentDto[]> {
    const url = resolved ? CollaborationRoutes.resolve(applicationId, key, commentId) : CollaborationRoutes.reopen(applicationId, key, commentId);
    return this.http.post<SectionCommentDto[]>(url, {}, inPlace());
  }

  evidence(applicationId: string): Observable<EvidenceItemDto[]> {
    return this.http.get<EvidenceItemDto[]>(CollaborationRoutes.evidence(applicationId), inPlace());
  }

  /** Multipart `category`, `title`, `isAgreement`, `files`; the events carry the upload progress, then the item. */
  upload(applicationId: string, upload: EvidenceUpload): Observable<HttpEvent<EvidenceItemDto>> {
    const form = new FormData();
    form.append('category', upload.category);
    form.append('title', upload.title);
    form.append('isAgreement', String(upload.isAgreement));
    for (const file of upload.files) form.append('files', file, file.name);
    return this.xhr.post<EvidenceItemDto>(CollaborationRoutes.evidence(applicationId), form, { ...inPlace(), reportProgress: true, observe: 'events' });
  }

  updateEvidence(applicationId: string, itemId: string, change: EvidenceChange): Observable<EvidenceItemDto> {
    return this.http.patch<EvidenceItemDto>(CollaborationRoutes.evidenceItem(applicationId, itemId), change, inPlace());
  }

  removeEvidence(applicationId: string, itemId: string): Observable<void> {
    return this.http.delete<void>(CollaborationRoutes.evidenceItem(applicationId, itemId), inPlace());
  }
}
