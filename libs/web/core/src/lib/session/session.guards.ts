import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { NzMessageService } from 'ng-zorro-antd/message';
import { I18nService } from '../i18n/i18n.service';
import { type NavItemId, enrolmentRedirect, navItemsOf } from './navigation';
import { SessionService } from './session.service';
import { HOME_URL, LOGIN_URL, loginQueryParams, safeReturnUrl } from './session-urls';

/**
 * Only for signed-in people; others go to sign in and come back here afterwards. Someone who must
 * enrol a second factor goes to the enrolment page until it is done (the API refuses the rest anyway).
 */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const session = inject(SessionService);
  const router = inject(Router);
  if (!(await session.ensureLoaded())) return router.createUrlTree([LOGIN_URL], { queryParams: loginQueryParams(state.url) });
  const redirect = enrolmentRedirect(session.me()?.mustEnrolTotp ?? false, state.url);
  return redirect ? router.parseUrl(redirect) : true;
};

/** The sign-in page: someone already signed in goes on to where they were heading, or the workspace. */
export const signedOutGuard: CanActivateFn = async (route) => {
  const session = inject(SessionService);
  const router = inject(Router);
  if (!(await session.ensureLoaded())) return true;
  return router.parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl')) ?? HOME_URL);
};

/**
 * A page of the navigation: only for those whose ability offers it in the active organisation
 * (the same test that shows the link). Others are told and sent to the workspace. Put it after
 * `signedInGuard`, which deals with signed-out people and a due enrolment (this one lets them pass).
 */
export function navItemGuard(id: NavItemId): CanActivateFn {
  return async () => {
    const session = inject(SessionService);
    const router = inject(Router);
    const messages = inject(NzMessageService);
    const i18n = inject(I18nService);
    await session.ensureLoaded();
    const me = session.me();
    if (!me || me.mustEnrolTotp) return true;
    const allowed = navItemsOf(session.ability(), { userId: me.user.id, orgId: me.activeOrganisation.id }).some(
      (item) => item.id === id,
    );
    if (allowed) return true;
    messages.warning(i18n.t('nav.notAllowed'));
    return router.parseUrl(HOME_URL);
  };
}
