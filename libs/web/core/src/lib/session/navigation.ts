import { type AppAbility, subject } from '@dahe/shared/authz';
import type { TranslationKey } from '../i18n/zh-CN';

/** The pages of the main navigation. */
export type NavItemId = 'workspace' | 'calls' | 'todo' | 'dashboard' | 'intake' | 'review' | 'reviews' | 'members' | 'organisations' | 'security' | 'outbox';

export interface NavItem {
  readonly id: NavItemId;
  readonly path: string;
  readonly label: TranslationKey;
  /** An ng-zorro icon name (registered by the app). */
  readonly icon: string;
}

/** Who asks, in which organisation. */
export interface NavContext {
  readonly userId: string;
  readonly orgId: string;
}

/** Where someone who must enrol a second factor is sent, whatever they asked for. */
export const TOTP_ENROLMENT_URL = '/account/security';

const SOMEONE_ELSE = '\u0000someone-else';

const ITEMS: readonly (NavItem & { readonly test: (a: AppAbility, c: NavContext) => boolean })[] = [
  { id: 'workspace', path: '/workspace', label: 'nav.workspace', icon: 'home', test: () => true },
  // Calls and, for a school, its applications in them.
  { id: 'calls', path: '/calls', label: 'nav.calls', icon: 'calendar', test: (a) => a.can('read', 'Call') },
  // What waits for them: whoever moves applications on (contact, legal representative, reviewer, province officer).
  { id: 'todo', path: '/todo', label: 'nav.todo', icon: 'audit', test: (a) => a.can('transition', 'Application') },
  // The province officer's call: live figures, the intake list (形式审查, 立项) and the expert review it runs.
  { id: 'dashboard', path: '/province/dashboard', label: 'nav.dashboard', icon: 'bar-chart', test: (a) => a.can('export', 'Call') },
  { id: 'intake', path: '/province/intake', label: 'nav.intake', icon: 'inbox', test: (a) => a.can('export', 'Call') },
  { id: 'review', path: '/province/review', label: 'nav.review', icon: 'solution', test: (a) => a.can('update', 'Review') },
  // 专家: what is assigned to them.
  { id: 'reviews', path: '/reviews', label: 'nav.reviews', icon: 'edit', test: (a, c) => a.can('score', subject('Review', { expertId: c.userId })) },
  {
    id: 'members',
    path: '/organisation/members',
    label: 'nav.members',
    icon: 'team',
    test: (a, c) => a.can('read', subject('Membership', { orgId: c.orgId, userId: SOMEONE_ELSE })),
  },
  {
    // Province and supervising units: they have organisations below them.
    id: 'organisations',
    path: '/organisations',
    label: 'nav.organisations',
    icon: 'apartment',
    test: (a, c) => a.can('read', subject('Organisation', { id: SOMEONE_ELSE, parentId: c.orgId })),
  },
  {
    id: 'security',
    path: '/security',
    label: 'nav.security',
    icon: 'unlock',
    test: (a) => a.can('unlock', subject('User', { id: SOMEONE_ELSE })),
  },
  // 通知发件箱: the hand-over notices, for the school's admin (its own) and the province admin (all).
  { id: 'outbox', path: '/outbox', label: 'nav.outbox', icon: 'mail', test: (a, c) => a.can('read', subject('OutboxMessage', { orgId: c.orgId })) },
];

/**
 * Pure: the navigation the person sees, from their ability in the active organisation. While a
 * second factor must be enrolled, nothing but that page is usable, so there is no navigation.
 */
export function navItemsOf(ability: AppAbility, ctx: NavContext, mustEnrolTotp = false): NavItem[] {
  if (mustEnrolTotp) return [];
  return ITEMS.filter((item) => item.test(ability, ctx)).map(({ id, path, label, icon }) => ({ id, path, label, icon }));
}

/** Pages open while enrolment is due: the enrolment itself, and changing the password. */
const OPEN_BEFORE_ENROLMENT: readonly string[] = [TOTP_ENROLMENT_URL, '/account/password'];

/**
 * Pure: where a signed-in person heading for `url` must go instead: the enrolment page when a second
 * factor is due and `url` is not one of the pages open before it; undefined to let them through.
 */
export function enrolmentRedirect(mustEnrolTotp: boolean, url: string): string | undefined {
  if (!mustEnrolTotp) return undefined;
  const path = (url.split(/[?#]/, 1)[0] ?? '').replace(/\/+$/, '');
  return OPEN_BEFORE_ENROLMENT.includes(path) ? undefined : TOTP_ENROLMENT_URL;
}
