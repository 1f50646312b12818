import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AuditService, ORG_CHAIN } from '@dahe/api/core/data-access-audit';
import { Database, type Sql, type TenantContext } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { subject } from '@dahe/shared/authz';
import { ErrorCode, type ExportJobDto, type ExportProgressDto } from '@dahe/shared/contracts';
import { FILE_STORE, type FileStore } from '../file-store';
import type { ExportFilters } from './dto/export.dto';
import { PartWriter, workbookDisposition, countExportRows, exportFilename, writeApplicationsWorkbook } from './export-workbook';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** rows_done is written at least every this many rows. */
const PROGRESS_EVERY = 2000;
/** The writer touches its job this often while it lives… */
const HEARTBEAT_MS = 5_000;
/** …and a running job untouched for this long has lost its writer (the process ended): it failed. */
export const EXPORT_STALE_SECONDS = 60;

interface CallRow {
  id: string;
  org_id: string;
  title: string;
  year: number;
}

interface JobRow {
  org_id: string;
  id: string;
  call_id: string;
  requested_by: string;
  filename: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  rows_done: number;
  bytes: string | null;
  parts: number | null;
  error: string | null;
  stale: boolean;
}

/** The store key of one part of a job's file. */
function partKey(jobId: string, part: number): string {
  return `exports/${jobId}/${String(part).padStart(5, '0')}`;
}

/** Only the filters that are set, for the audit event and the job row. */
function setFilters(filters: ExportFilters): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return out;
}

/**
 * The call's Excel export for the province: streamed straight to the response (`GET …/export.xlsx`,
 * for tools), or written by a job into the file store while the web polls its progress. Either way the
 * export is an audit event on the province's own chain, written (and committed) before any row leaves.
 */
@Injectable()
export class ExportService {
  private readonly logger = new Logger('export');

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {}

  /** Audits, then streams the workbook into `res` from a cursor in one transaction. */
  async streamToResponse(identity: RequestIdentity, callId: string, filters: ExportFilters, res: Response, ip?: string): Promise<void> {
    const context = tenant(identity);
    const call = await this.db.inTenant(context, async (sql) => {
      const found = await this.exportableCall(sql, identity, callId);
      const rows = await countExportRows(sql, found.id, filters);
      await this.auditExport(sql, identity, found, { rows, filters, ip });
      return found;
    });
    res.setHeader('Content-Type', XLSX);
    res.setHeader('Content-Disposition', workbookDisposition(exportFilename(call.year)));
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    try {
      await this.db.inTenant(context, (sql) => writeApplicationsWorkbook(sql, { callId: call.id, callTitle: call.title, filters, generatedAt: new Date() }, res));
    } catch (error) {
      if (!res.headersSent) {
        res.removeHeader('Content-Disposition');
        res.removeHeader('Content-Type');
        throw error;
      }
      // Half a workbook is already on the wire: cut it, so the client sees a failed download, not a short file.
      this.logger.warn(`export of call ${call.id} aborted: ${(error as Error).message}`);
      res.destroy(error as Error);
    }
  }

  /** Creates the job (audited), answers at once, and writes the workbook in this process afterwards. */
  async createJob(identity: RequestIdentity, callId: string, filters: ExportFilters, ip?: string): Promise<ExportJobDto> {
    const context = tenant(identity);
    const job = await this.db.inTenant(context, async (sql) => {
      const call = await this.exportableCall(sql, identity, callId);
      const total = await countExportRows(sql, call.id, filters);
      const row = await sql.one<{ id: string }>(
        `INSERT INTO export_job (org_id, call_id, requested_by, filters, filename, total) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [call.org_id, call.id, identity.userId, JSON.stringify(setFilters(filters)), exportFilename(call.year), total],
      );
      if (!row) throw new Error('export_job insert returned nothing');
      await this.auditExport(sql, identity, call, { rows: total, filters, ip, jobId: row.id });
      return { id: row.id, total, call };
    });
    void this.runJob(context, job.id, job.call, filters);
    return { id: job.id, total: job.total };
  }

  /** Progress of one of the caller's jobs; a running job whose writer stopped answering is marked failed. */
  progress(identity: RequestIdentity, jobId: string): Promise<ExportProgressDto> {
    return this.db.inTenant(tenant(identity), async (sql) => {
      const job = await this.ownJob(sql, identity, jobId);
      if (job.status === 'running' && job.stale) {
        const error = 'The export stopped before it finished (its server process ended); start it again';
        await sql.exec(`UPDATE export_job SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status = 'running'`, [job.id, error]);
        return { rows: job.rows_done, total: job.total, done: false, error };
      }
      return { rows: job.rows_done, total: job.total, done: job.status === 'done', ...(job.status === 'failed' ? { error: job.error ?? 'The export failed' } : {}) };
    });
  }

  /** The finished file, part by part from the store (one part in memory at a time). */
  async download(identity: RequestIdentity, jobId: string, res: Response): Promise<void> {
    await this.db.inTenant(tenant(identity), async (sql) => {
      const job = await this.ownJob(sql, identity, jobId);
      if (job.status !== 'done' || job.parts === null || job.bytes === null) {
        throw new AppException(ErrorCode.conflict, job.status === 'failed' ? 'The export failed; start it again' : 'The export has not finished yet');
      }
      res.setHeader('Content-Type', XLSX);
      res.setHeader('Content-Disposition', workbookDisposition(job.filename));
      res.setHeader('Content-Length', job.bytes);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      for (let part = 0; part < job.parts; part++) {
        const data = await this.store.get(sql, job.org_id, partKey(job.id, part));
        if (!data) throw new Error(`export ${job.id}: part ${part} is missing from the store`);
        if (!res.write(data)) await new Promise<void>((resolve, reject) => {
          res.once('drain', resolve);
          res.once('close', () => reject(new Error('download closed by the client')));
        });
      }
      res.end();
    }).catch((error: unknown) => {
      if (!res.headersSent) throw error;
      res.destroy(error as Error);
    });
  }

  /**
   * Writes the workbook into the store in parts inside one transaction (a crash leaves no rows naming the
   * parts), counting progress and beating the heart in short transactions of their own.
   */
  private async runJob(context: TenantContext, jobId: string, call: CallRow, filters: ExportFilters): Promise<void> {
    const touch = (rows?: number) =>
      this.db.inTenant(context, (sql) =>
        sql.exec(`UPDATE export_job SET heartbeat_at = now(), rows_done = coalesce($2, rows_done) WHERE id = $1 AND status = 'running'`, [jobId, rows ?? null]),
      );
    const heartbeat = setInterval(() => void touch().catch(() => undefined), HEARTBEAT_MS);
    heartbeat.unref();
    let reported = 0;
    try {
      await this.db.inTenant(context, async (sql) => {
        const output = new PartWriter((part, data) => this.store.put(sql, call.org_id, partKey(jobId, part), data));
        const { rows } = await writeApplicationsWorkbook(sql, { callId: call.id, callTitle: call.title, filters, generatedAt: new Date() }, output, async (done) => {
          if (done - reported < PROGRESS_EVERY) return;
          reported = done;
          await touch(done);
        });
        await sql.exec(
          `UPDATE export_job SET status = 'done', rows_done = $2, total = $2, bytes = $3, parts = $4, heartbeat_at = now(), finished_at = now() WHERE id = $1`,
          [jobId, rows, output.bytes, output.parts],
        );
      });
    } catch (error) {
      this.logger.error(`export job ${jobId} failed: ${(error as Error).stack ?? String(error)}`);
      await this.db
        .inTenant(context, (sql) => sql.exec(`UPDATE export_job SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status = 'running'`, [jobId, 'The export failed; start it again']))
        .catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** The call, if it is the caller's province's and the caller may export it; otherwise "not found". */
  private async exportableCall(sql: Sql, identity: RequestIdentity, callId: string): Promise<CallRow> {
    const call = await sql.one<CallRow>(`SELECT id, org_id, title, year FROM call WHERE id = $1`, [callId]);
    if (!call || call.org_id !== identity.org.id || !identity.ability.can('export', subject('Call', { orgId: call.org_id }))) {
      throw new AppException(ErrorCode.notFound, 'Call not found');
    }
    return call;
  }

  /** Only the person who started a job follows and downloads it: the export was audited as theirs. */
  private async ownJob(sql: Sql, identity: RequestIdentity, jobId: string): Promise<JobRow> {
    const job = await sql.one<JobRow>(
      `SELECT org_id, id, call_id, requested_by, filename, status, total, rows_done, bytes, parts, error,
              heartbeat_at < now() - make_interval(secs => $2) AS stale
         FROM export_job WHERE id = $1`,
      [jobId, EXPORT_STALE_SECONDS],
    );
    if (!job || job.requested_by !== identity.userId) throw new AppException(ErrorCode.notFound, 'Export not found');
    return job;
  }

  /** Every export of a call's data is audited on the province's chain, even without contact details in it. */
  private async auditExport(sql: Sql, identity: RequestIdentity, call: CallRow, what: { rows: number; filters: ExportFilters; ip?: string; jobId?: string }): Promise<void> {
    await this.audit.append(sql, {
      orgId: call.org_id,
      chain: ORG_CHAIN,
      actor: { userId: identity.userId, role: 'province_officer', ip: what.ip },
      subject: { type: 'call', id: call.id },
      event: { action: 'call.exported', data: { callId: call.id, format: 'xlsx', rows: what.rows, filters: setFilters(what.filters), ...(what.jobId ? { jobId: what.jobId } : {}) } },
    });
  }
}

function tenant(identity: RequestIdentity): TenantContext {
  return { orgPath: identity.org.path, userId: identity.userId };
}
