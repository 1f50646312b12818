import { HttpClient, HttpContext, HttpErrorResponse } from '@angular/common/http';
import { DOCUMENT } from '@angular/common';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { RawRuleOf } from '@casl/ability';
import { type Action, type AppAbility, type SubjectName, type SubjectRecord, abilityFromRules } from '@dahe/shared/authz';
import {
  type AcceptInvitationRequest,
  AuthRoutes,
  CSRF_COOKIE,
  type ChangePasswordRequest,
  ErrorCode,
  type LoginRequest,
  type LoginResponse,
  type MeResponse,
  type MembershipSummary,
  type OrganisationSummary,
  REQUEST_ID_HEADER,
  type Role,
  type SetActiveOrgRequest,
} from '@dahe/shared/contracts';
import { NzMessageService } from 'ng-zorro-antd/message';
import { firstValueFrom } from 'rxjs';
import { readCookie } from '../http/csrf';
import { NOTIFY_HTTP_ERRORS, quietContext } from '../http/http-context';
import { describeHttpError, isApiErrorBody } from '../http/http-error-message';
import { I18nService } from '../i18n/i18n.service';
import { IdentityRoutes } from '../organisations/organisations-api.service';
import { LOGIN_URL, loginQueryParams } from './session-urls';

/** Why the person is on the sign-in page, shown there once. */
export type SessionNotice = 'expired' | 'signedOut' | 'passwordChanged';

/** setTimeout's ceiling (about 24.8 days); sessions last 12 hours at most anyway. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The signed-in person, as signals: who they are (`me`), where they act (`activeOrganisation`),
 * with which `roles`, and what that allows (`ability`, rebuilt from the CASL rules the API sends;
 * the API still checks every request, this only shapes the interface).
 *
 * The session itself is an httpOnly cookie the app cannot see. Its readable CSRF twin is set and
 * cleared together with it, so when that cookie is absent there is no session to ask about and
 * `loadMe` answers "signed out" without a request (no 401 noise on every visit to the sign-in page).
 */
@Injectable({ providedIn: 'root' })
export class SessionService {
  private readonly http = inject(HttpClient);
  private readonly document = inject(DOCUMENT);
  private readonly router = inject(Router);
  private readonly messages = inject(NzMessageService);
  private readonly i18n = inject(I18nService);

  private readonly current = signal<MeResponse | null>(null);
  private readonly loaded = signal(false);
  private readonly noticeState = signal<SessionNotice | null>(null);
  private pending: Promise<MeResponse | null> | null = null;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;

  /** The `GET /api/me` answer, or null when signed out. */
  readonly me = this.current.asReadonly();
  /** Whether the session has been asked about at least once (guards wait for it). */
  readonly ready = this.loaded.asReadonly();
  readonly isSignedIn = computed(() => this.current() !== null);
  readonly roles = computed<readonly Role[]>(() => this.current()?.roles ?? []);
  readonly activeOrganisation = computed<OrganisationSummary | null>(() => this.current()?.activeOrganisation ?? null);
  readonly memberships = computed<readonly MembershipSummary[]>(() => this.current()?.memberships ?? []);
  readonly ability = computed<AppAbility>(() => abilityFromRules(toRawRules(this.current()?.rules ?? [])));
  /** Why the last session ended, for the sign-in page. */
  readonly notice = this.noticeState.asReadonly();

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.expiryTimer));
  }

  /** Whether the person may do `action` to `subject` (a type name or a record, see `subject()`). */
  can(action: Action, subject: SubjectName | SubjectRecord): boolean {
    return this.ability().can(action, subject);
  }

  /** Loads the session once; later calls answer from memory. Resolves to "signed in?". */
  async ensureLoaded(): Promise<boolean> {
    if (!this.loaded()) await this.loadMe();
    return this.isSignedIn();
  }

  /**
   * `GET /api/me`. A 401 means signed out (and, for `session_expired`, a notice for the sign-in
   * page); any other failure is reported and leaves the current state as it is.
   */
  loadMe(): Promise<MeResponse | null> {
    if (!this.hasSessionCookie()) {
      this.setMe(null);
      this.loaded.set(true);
      return Promise.resolve(null);
    }
    this.pending ??= firstValueFrom(this.http.get<MeResponse>(AuthRoutes.me, { context: quietContext() }))
      .then(
        (me) => {
          this.setMe(me);
          return me;
        },
        (error: unknown) => {
          if (error instanceof HttpErrorResponse && error.status === 401) {
            if (isApiErrorBody(error.error) && error.error.code === ErrorCode.sessionExpired) this.noticeState.set('expired');
            this.setMe(null);
          } else {
            this.report(error);
          }
          return this.current();
        },
      )
      .finally(() => {
        this.pending = null;
        this.loaded.set(true);
      });
    return this.pending;
  }

  /**
   * `POST /api/auth/login`, then loads the session. Failures reject with the `HttpErrorResponse`
   * for the sign-in page to explain; the access token in the answer is not kept (the cookie is the
   * web app's credential, and a token in script reach is one an injected script could steal).
   */
  async login(request: LoginRequest): Promise<MeResponse | null> {
    await firstValueFrom(this.http.post<LoginResponse>(AuthRoutes.login, request, { context: quietContext() }));
    this.noticeState.set(null);
    return this.loadMe();
  }

  /**
   * `POST /api/invitations/:token/accept`: creates the account (or joins with an existing one) and
   * answers a session, as signing in does; then loads it. Failures reject with the
   * `HttpErrorResponse` for the invitation page to explain.
   */
  async acceptInvitation(token: string, request: AcceptInvitationRequest): Promise<MeResponse | null> {
    await firstValueFrom(this.http.post<LoginResponse>(IdentityRoutes.acceptInvitation(token), request, { context: quietContext() }));
    this.noticeState.set(null);
    return this.loadMe();
  }

  /**
   * `POST /api/auth/logout`, then forgets the person and goes to the sign-in page. If the server
   * could not be told (offline, server error), the person stays signed in and is told, rather than
   * believing they signed out while the session lives on.
   */
  async logout(): Promise<boolean> {
    try {
      if (this.hasSessionCookie()) await firstValueFrom(this.http.post<void>(AuthRoutes.logout, null, { context: quietContext() }));
    } catch (error: unknown) {
      if (!(error instanceof HttpErrorResponse && error.status === 401)) {
        this.report(error);
        return false;
      }
    }
    this.forget('signedOut');
    await this.router.navigateByUrl(LOGIN_URL);
    return true;
  }

  /** `POST /api/me/active-org`; the answer is the session in the new organisation. Errors are reported. */
  async switchOrganisation(organisationId: string): Promise<boolean> {
    const body: SetActiveOrgRequest = { organisationId };
    try {
      this.setMe(await firstValueFrom(this.http.post<MeResponse>(AuthRoutes.activeOrg, body)));
      return true;
    } catch {
      return false; // The error interceptor has told the person.
    }
  }

  /**
   * `POST /api/auth/password`. On success every session of the person is revoked, this one
   * included: the person is forgotten here with a notice for the sign-in page, and the caller
   * navigates there. Failures reject with the `HttpErrorResponse` for the form to explain.
   */
  async changePassword(request: ChangePasswordRequest): Promise<void> {
    const context = new HttpContext().set(NOTIFY_HTTP_ERRORS, false);
    await firstValueFrom(this.http.post<void>(AuthRoutes.password, request, { context }));
    this.forget('passwordChanged');
  }

  /**
   * The session ended under our feet (a 401 from the API, or its absolute lifetime passed):
   * forget the person and send them to sign in, coming back here afterwards.
   */
  expire(): void {
    const url = this.router.url;
    if (url === LOGIN_URL || url.startsWith(`${LOGIN_URL}?`)) {
      this.forget(this.isSignedIn() ? 'expired' : this.noticeState());
      return;
    }
    this.forget('expired');
    void this.router.navigate([LOGIN_URL], { queryParams: loginQueryParams(url) });
  }

  /** Forgets the notice once the sign-in page no longer needs it. */
  clearNotice(): void {
    this.noticeState.set(null);
  }

  private forget(notice: SessionNotice | null): void {
    this.setMe(null);
    this.loaded.set(true);
    this.noticeState.set(notice);
  }

  private setMe(me: MeResponse | null): void {
    this.current.set(me);
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    const expiresAt = me ? Date.parse(me.sessionExpiresAt) : Number.NaN;
    if (Number.isFinite(expiresAt)) {
      const delay = Math.min(Math.max(expiresAt - Date.now(), 0), MAX_TIMER_MS);
      this.expiryTimer = setTimeout(() => this.expire(), delay);
    }
  }

  private hasSessionCookie(): boolean {
    try {
      return readCookie(this.document.cookie, CSRF_COOKIE) !== undefined;
    } catch {
      return false;
    }
  }

  private report(error: unknown): void {
    const { key, params } =
      error instanceof HttpErrorResponse
        ? describeHttpError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER))
        : { key: 'error.unknown' as const, params: { status: '?' } };
    this.messages.error(this.i18n.t(key, params));
  }
}

/** The API serialises CASL's own raw rules; only the static types differ (strings vs. unions). */
function toRawRules(rules: MeResponse['rules']): RawRuleOf<AppAbility>[] {
  return rules as unknown as RawRuleOf<AppAbility>[];
}
