import { HttpClient, type HttpContext, type HttpEvent, type HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  DecisionsRequest,
  DecisionsResponse,
  ExportJobDto,
  ExportProgressDto,
  IntakePageDto,
  IntakeQuery,
  PublishResultsResponse,
  ReviewProgressDto,
  ReviewSettingsDto,
} from '@dahe/shared/contracts';
import type { Observable } from 'rxjs';
import { exportParams, intakeRequestParams } from './intake-query';

/** The forms a bulk download holds: the PDF, the Word file, or both of each application. */
export type BulkDocumentFormat = 'pdf' | 'docx' | 'both';
/** The API's limit on one bulk download (BULK_DOCUMENTS_LIMIT): beyond it the filter must narrow. */
export const BULK_DOCUMENTS_LIMIT = 300;

/** The routes of the province's intake page: the list, decisions and their publication, the export. */
export const ProvinceRoutes = {
  intake: (callId: string) => `/api/calls/${encodeURIComponent(callId)}/intake`,
  reviewSettings: (callId: string) => `/api/calls/${encodeURIComponent(callId)}/review`,
  reviewProgress: (callId: string) => `/api/calls/${encodeURIComponent(callId)}/review/progress`,
  decisions: (callId: string) => `/api/calls/${encodeURIComponent(callId)}/decisions`,
  publishResults: (callId: string) => `/api/calls/${encodeURIComponent(callId)}/publish-results`,
  exports: (callId: string) => `/api/calls/${encodeURIComponent(callId)}/exports`,
  exportJob: (id: string) => `/api/exports/${encodeURIComponent(id)}`,
  exportFile: (id: string) => `/api/exports/${encodeURIComponent(id)}/file`,
  exportXlsx: (callId: string) => `/api/calls/${encodeURIComponent(callId)}/export.xlsx`,
  documentsZip: (callId: string) => `/api/calls/${encodeURIComponent(callId)}/documents.zip`,
} as const;

interface Options {
  readonly context?: HttpContext;
}

/**
 * The province officer's intake, decisions and export. Thin: one request a method; errors reach the
 * caller (and the error interceptor, unless the caller's context says it shows them itself).
 */
@Injectable({ providedIn: 'root' })
export class ProvinceApiService {
  private readonly http = inject(HttpClient);

  /** One page of the call's applications, filtered and sorted on the server. */
  intake(callId: string, query: IntakeQuery, options: Options = {}): Observable<IntakePageDto> {
    return this.http.get<IntakePageDto>(ProvinceRoutes.intake(callId), { ...options, params: intakeRequestParams(query) });
  }

  reviewSettings(callId: string, options: Options = {}): Observable<ReviewSettingsDto> {
    return this.http.get<ReviewSettingsDto>(ProvinceRoutes.reviewSettings(callId), options);
  }

  /** The applications under review with their experts' totals, mean, spread and recorded decision. */
  reviewProgress(callId: string, options: Options = {}): Observable<ReviewProgressDto> {
    return this.http.get<ReviewProgressDto>(ProvinceRoutes.reviewProgress(callId), options);
  }

  /** Records decisions (立项); the schools see none of them before publication. */
  decide(callId: string, request: DecisionsRequest, options: Options = {}): Observable<DecisionsResponse> {
    return this.http.post<DecisionsResponse>(ProvinceRoutes.decisions(callId), request, options);
  }

  /** Publishes every recorded decision of the call: each becomes its application's state. */
  publishResults(callId: string, options: Options = {}): Observable<PublishResultsResponse> {
    return this.http.post<PublishResultsResponse>(ProvinceRoutes.publishResults(callId), {}, options);
  }

  /** Starts exporting every row the filters match (order and page are not part of an export); answers with the row count. */
  startExport(callId: string, query: IntakeQuery, options: Options = {}): Observable<ExportJobDto> {
    return this.http.post<ExportJobDto>(ProvinceRoutes.exports(callId), exportParams(query), options);
  }

  exportProgress(id: string, options: Options = {}): Observable<ExportProgressDto> {
    return this.http.get<ExportProgressDto>(ProvinceRoutes.exportJob(id), options);
  }

  /** The finished workbook, with its headers (the file name is in Content-Disposition). */
  exportFile(id: string, options: Options = {}): Observable<HttpResponse<Blob>> {
    return this.http.get(ProvinceRoutes.exportFile(id), { ...options, observe: 'response', responseType: 'blob' });
  }

  /** The exported forms (申报书) of every application the filters match, as one zip streamed as it is made. */
  documentsZip(callId: string, query: IntakeQuery, format: BulkDocumentFormat, options: Options = {}): Observable<HttpEvent<Blob>> {
    return this.http.post(ProvinceRoutes.documentsZip(callId), { ...exportParams(query), format }, { ...options, observe: 'events', reportProgress: true, responseType: 'blob' });
  }

  /** The whole workbook in one request, without progress (when the jobs API is not there). */
  exportXlsx(callId: string, query: IntakeQuery, options: Options = {}): Observable<HttpResponse<Blob>> {
    return this.http.get(ProvinceRoutes.exportXlsx(callId), { ...options, params: exportParams(query), observe: 'response', responseType: 'blob' });
  }
}
