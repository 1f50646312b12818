import { Role, type SectionAssignments } from '@dahe/shared/contracts';
import { type IssueSection, type SectionKey, type ValidationIssue, type ValidationWarning, isSectionKey } from '@dahe/shared/form';
import type { ApplicationState } from '@dahe/shared/workflow';
import type { TranslationKey } from '../i18n/zh-CN';
import { SHANGHAI_TIME_ZONE } from '../time/format-shanghai';
import type { AutosaveState } from './section-autosave';

/** States in which the school's drafters write (as the API's: a returned application is corrected like a draft). */
export const EDITABLE_STATES: ReadonlySet<string> = new Set(['draft', 'returned']);

/** Why a section is read-only for this person, if it is. */
export type ReadOnlyReason = 'state' | 'legal_rep' | 'role' | 'not_assigned';

export interface SectionAccess {
  readonly editable: boolean;
  readonly reason?: ReadOnlyReason;
}

export interface AccessInput {
  readonly state: string;
  readonly roles: readonly string[];
  readonly userId: string;
  readonly sectionKey: string;
  readonly assignments: SectionAssignments;
}

/**
 * Who writes a section (the API checks again on every save): only in draft; the contact and the
 * school admin everything; a drafter only the sections assigned to them; the legal representative
 * and viewers read only.
 */
export function sectionAccess(input: AccessInput): SectionAccess {
  if (!EDITABLE_STATES.has(input.state)) return { editable: false, reason: 'state' };
  const has = (role: string) => input.roles.includes(role);
  if (has(Role.contact) || has(Role.schoolAdmin)) return { editable: true };
  if (has(Role.drafter)) {
    const assigned = (input.assignments[input.sectionKey] ?? []).some((entry) => entry.userId === input.userId);
    return assigned ? { editable: true } : { editable: false, reason: 'not_assigned' };
  }
  return { editable: false, reason: has(Role.legalRep) ? 'legal_rep' : 'role' };
}

/** The contact and the school admin assign drafters to sections. */
export function mayAssign(roles: readonly string[]): boolean {
  return roles.includes(Role.contact) || roles.includes(Role.schoolAdmin);
}

/** The DOM id of a field's input: the validation panel's links and the citation's caret use it. */
export function fieldDomId(section: string, path: string): string {
  return `field-${section}-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function sectionDomId(section: string): string {
  return `section-${section}`;
}

/** Where an issue's link goes: a field, its section, or the evidence panel. */
export type IssueTarget = { readonly kind: 'field'; readonly section: SectionKey; readonly domId: string } | { readonly kind: 'section'; readonly section: SectionKey; readonly domId: string } | { readonly kind: 'evidence' };

export function issueTarget(issue: Pick<ValidationIssue, 'section' | 'field'>): IssueTarget {
  if (!isSectionKey(issue.section)) return { kind: 'evidence' };
  // `rows` (no row at all) has no input of its own: the table's add button is in the section.
  if (!issue.field || issue.field === 'rows') return { kind: 'section', section: issue.section, domId: sectionDomId(issue.section) };
  return { kind: 'field', section: issue.section, domId: fieldDomId(issue.section, issue.field) };
}

/** Issues (and warnings) keyed by `section|field`, for hints beside each field. */
export function issuesByField(issues: readonly (ValidationIssue | ValidationWarning)[]): Map<string, (ValidationIssue | ValidationWarning)[]> {
  const map = new Map<string, (ValidationIssue | ValidationWarning)[]>();
  for (const issue of issues) {
    const key = `${issue.section}|${issue.field ?? ''}`;
    map.set(key, [...(map.get(key) ?? []), issue]);
  }
  return map;
}

/** Issues counted per section (evidence apart), for the outline. */
export function issueCountBySection(issues: readonly Pick<ValidationIssue, 'section'>[]): Partial<Record<IssueSection, number>> {
  const counts: Partial<Record<IssueSection, number>> = {};
  for (const issue of issues) counts[issue.section] = (counts[issue.section] ?? 0) + 1;
  return counts;
}

const clockFormatter = new Intl.DateTimeFormat('en-GB', { timeZone: SHANGHAI_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** `10:42`, Beijing time, whatever the browser's zone. */
export function shanghaiClock(iso: string | Date): string {
  const date = iso instanceof Date ? iso : new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : clockFormatter.format(date);
}

/** What the section's save indicator says. */
export interface SaveIndicator {
  readonly key: TranslationKey;
  readonly params?: Readonly<Record<string, string>>;
  readonly tone: 'saved' | 'idle' | 'pending' | 'saving' | 'problem';
}

export function saveIndicator(state: AutosaveState, hasUnsavedChanges: boolean): SaveIndicator {
  switch (state.status) {
    case 'saving':
      return { key: 'editor.save.saving', tone: 'saving' };
    case 'dirty':
      return { key: 'editor.save.dirty', tone: 'pending' };
    case 'conflict':
      return { key: 'editor.save.conflict', tone: 'problem' };
    case 'expired':
      return { key: 'editor.save.expired', tone: 'problem' };
    case 'forbidden':
      return { key: 'editor.save.forbidden', tone: 'problem' };
    case 'error':
      return { key: 'editor.save.error', tone: 'problem' };
    case 'clean':
      if (hasUnsavedChanges) return { key: 'editor.save.dirty', tone: 'pending' };
      return state.savedAt ? { key: 'editor.save.savedAt', params: { time: shanghaiClock(state.savedAt) }, tone: 'saved' } : { key: 'editor.save.nothing', tone: 'idle' };
  }
}

/** The call's risk level of a country; `undefined` when the list does not name it. */
export function countryRiskOf(countryRisk: Readonly<Record<string, string>> | undefined, code: string | undefined): 'ok' | 'caution' | 'prohibited' | undefined {
  if (!code || !countryRisk) return undefined;
  const level = countryRisk[code];
  return level === 'ok' || level === 'caution' || level === 'prohibited' ? level : undefined;
}

/** Country options filtered by what was typed: the name in either language, or the ISO code. */
export function matchesCountry(search: string, option: { code: string; name: string }, otherName?: string): boolean {
  const query = search.trim().toLowerCase();
  if (!query) return true;
  return option.name.toLowerCase().includes(query) || option.code.toLowerCase() === query || (otherName?.toLowerCase().includes(query) ?? false);
}


/** Each application state's label in the editor's header. */
export const APPLICATION_STATE_KEYS: Readonly<Record<ApplicationState, TranslationKey>> = {
  draft: 'editor.state.draft',
  awaiting_signature: 'editor.state.awaiting_signature',
  signed: 'editor.state.signed',
  submitted: 'editor.state.submitted',
  formal_check_passed: 'editor.state.formal_check_passed',
  returned: 'editor.state.returned',
  expert_review: 'editor.state.expert_review',
  approved: 'editor.state.approved',
  rejected: 'editor.state.rejected',
  withdrawn: 'editor.state.withdrawn',
};

export function applicationStateKey(state: string): TranslationKey {
  return (APPLICATION_STATE_KEYS as Readonly<Record<string, TranslationKey>>)[state] ?? 'editor.state.unknown';
}
