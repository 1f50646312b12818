import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { SessionService } from './session.service';
import { HOME_URL, LOGIN_URL, loginQueryParams, safeReturnUrl } from './session-urls';

/** Only for signed-in people; others go to sign in and come back here afterwards. */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const session = inject(SessionService);
  const router = inject(Router);
  if (await session.ensureLoaded()) return true;
  return router.createUrlTree([LOGIN_URL], { queryParams: loginQueryParams(state.url) });
};

/** The sign-in page: someone already signed in goes on to where they were heading, or the workspace. */
export const signedOutGuard: CanActivateFn = async (route) => {
  const session = inject(SessionService);
  const router = inject(Router);
  if (!(await session.ensureLoaded())) return true;
  return router.parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl')) ?? HOME_URL);
};
