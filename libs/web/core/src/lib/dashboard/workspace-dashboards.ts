import type { CallDto, CountDto, SchoolHomeDto, SupervisorDashboardDto } from '@dahe/shared/contracts';
import { DAHE_2024_SECTIONS, SECTION_KEYS, isSectionKey } from '@dahe/shared/form';
import { applicationStateKey } from '../applications/editor-view';
import { callsBySoonestDeadline, formatCallTime } from '../calls/call-view';
import type { Lang } from '../i18n/lang';
import type { TranslationKey } from '../i18n/zh-CN';
import { roleLabel } from '../session/labels';
import { formatShanghai } from '../time/format-shanghai';
import { type Translate, byStateInOrder, stateRank } from './province-charts';

/** Pure: the call a dashboard opens on: the open or coming call with the soonest deadline, else the latest closed one; drafts never. */
export function dashboardCallId(calls: readonly CallDto[], now: number): string | null {
  return callsBySoonestDeadline(calls.filter((call) => call.status !== 'draft'), now)[0]?.id ?? calls[0]?.id ?? null;
}

/** ng-zorro tag colours by state: warm while someone must act, green when approved, grey when over. */
export function stateColor(state: string): string {
  switch (state) {
    case 'draft':
    case 'returned':
      return 'default';
    case 'awaiting_signature':
    case 'signed':
      return 'orange';
    case 'submitted':
    case 'formal_check_passed':
    case 'expert_review':
      return 'blue';
    case 'approved':
      return 'green';
    case 'rejected':
      return 'red';
    default:
      return 'default';
  }
}

export interface StateCountView {
  readonly state: string;
  readonly label: TranslationKey;
  readonly count: number;
  readonly color: string;
}

/** Pure: the counts by state in the workflow's order, zero counts left out. */
export function stateCounts(items: readonly CountDto[]): StateCountView[] {
  return byStateInOrder(items)
    .filter((item) => item.count > 0)
    .map((item) => ({ state: item.key, label: applicationStateKey(item.key), count: item.count, color: stateColor(item.key) }));
}

export interface SupervisorWaitingRow {
  readonly id: string;
  readonly schoolName: string;
  readonly projectName: string;
  readonly signedAt: string;
  /** The supervising unit reads and approves on the signing page, as from the to-do list. */
  readonly link: readonly string[];
}

export interface SupervisorApplicationRow {
  readonly id: string;
  readonly state: string;
  readonly stateLabel: TranslationKey;
  readonly stateColor: string;
  readonly projectName: string | null;
  readonly updatedAt: string;
  readonly link: readonly string[];
}

export interface SupervisorSchoolRow {
  readonly schoolId: string;
  readonly schoolName: string;
  readonly applications: readonly SupervisorApplicationRow[];
  /** How many of its applications wait for this unit. */
  readonly waiting: number;
}

export interface SupervisorView {
  readonly waiting: readonly SupervisorWaitingRow[];
  readonly schools: readonly SupervisorSchoolRow[];
  readonly byState: readonly StateCountView[];
  readonly total: number;
  readonly deadline: string;
}

/** Pure: the supervising unit's workspace: what waits (oldest signature first), its schools (those waiting first, then by name), counts. */
export function supervisorView(dto: SupervisorDashboardDto, lang: Lang): SupervisorView {
  const collator = new Intl.Collator(lang === 'zh-CN' ? 'zh-CN-u-co-pinyin' : 'en');
  const waiting = [...dto.waiting]
    .sort((a, b) => (a.signedAt ?? '').localeCompare(b.signedAt ?? '') || collator.compare(a.schoolName, b.schoolName))
    .map((entry) => ({
      id: entry.id,
      schoolName: entry.schoolName,
      projectName: entry.projectName,
      signedAt: entry.signedAt ? formatShanghai(entry.signedAt, lang) : '',
      link: ['/applications', entry.id, 'sign'],
    }));
  const waitingIds = new Set(dto.waiting.map((entry) => entry.id));
  const schools = dto.schools
    .map((school) => ({
      schoolId: school.schoolId,
      schoolName: school.schoolName,
      waiting: school.applications.filter((app) => waitingIds.has(app.id)).length,
      applications: [...school.applications]
        .sort((a, b) => stateRank(a.state) - stateRank(b.state) || b.updatedAt.localeCompare(a.updatedAt))
        .map((app) => ({
          id: app.id,
          state: app.state,
          stateLabel: applicationStateKey(app.state),
          stateColor: stateColor(app.state),
          projectName: app.projectName,
          updatedAt: formatShanghai(app.updatedAt, lang),
          link: ['/applications', app.id, 'sign'],
        })),
    }))
    .sort((a, b) => b.waiting - a.waiting || Number(b.applications.length > 0) - Number(a.applications.length > 0) || collator.compare(a.schoolName, b.schoolName));
  const byState = stateCounts(dto.byState);
  return { waiting, schools, byState, total: byState.reduce((n, s) => n + s.count, 0), deadline: dto.deadline };
}

export interface SectionProgressView {
  readonly key: string;
  /** `2.1 学校办学基础`; the cover has no number. */
  readonly title: string;
  readonly filled: boolean;
  readonly assignee: string | null;
}

export interface SchoolApplicationView {
  readonly id: string;
  readonly callTitle: string;
  readonly deadline: string;
  readonly deadlineIso: string;
  readonly state: string;
  readonly stateLabel: TranslationKey;
  readonly stateColor: string;
  readonly projectName: string | null;
  readonly sections: readonly SectionProgressView[];
  readonly filled: number;
  readonly total: number;
  readonly percent: number;
  /** `等待：郑州市教育局 · 主管单位审核人`, or null when the application is final. */
  readonly waitingFor: string | null;
  readonly decision: { readonly approved: boolean; readonly label: TranslationKey; readonly note: string; readonly publishedAt: string } | null;
  readonly link: readonly string[];
}

/** Pure: a section's number and title from the form template, in the language. */
export function sectionTitle(key: string, lang: Lang): string {
  if (!isSectionKey(key)) return key;
  const section = DAHE_2024_SECTIONS[key];
  return section.number ? `${section.number} ${section.title[lang]}` : section.title[lang];
}

/** Pure: the school's home: each application with its sections in the form's order, progress, whom it waits for and the published decision. */
export function schoolHomeView(dto: SchoolHomeDto, lang: Lang, t: Translate): SchoolApplicationView[] {
  const order = (key: string) => {
    const at = (SECTION_KEYS as readonly string[]).indexOf(key);
    return at < 0 ? SECTION_KEYS.length : at;
  };
  return [...dto.applications]
    .sort((a, b) => b.deadline.localeCompare(a.deadline) || a.id.localeCompare(b.id))
    .map((app) => {
      const sections = [...app.sections]
        .sort((a, b) => order(a.key) - order(b.key))
        .map((section) => ({ key: section.key, title: sectionTitle(section.key, lang), filled: section.filled, assignee: section.assignee }));
      const filled = sections.filter((section) => section.filled).length;
      const role = app.waitingFor ? roleLabel(app.waitingFor.role) : undefined;
      return {
        id: app.id,
        callTitle: app.callTitle,
        deadline: formatCallTime(app.deadline, lang, true),
        deadlineIso: app.deadline,
        state: app.state,
        stateLabel: applicationStateKey(app.state),
        stateColor: stateColor(app.state),
        projectName: app.projectName,
        sections,
        filled,
        total: sections.length,
        percent: sections.length ? Math.round((filled / sections.length) * 100) : 0,
        waitingFor: app.waitingFor ? t('dash.school.waitingFor', { org: app.waitingFor.organisationName, role: role ? t(role) : app.waitingFor.role }) : null,
        decision: app.decision
          ? {
              approved: app.decision.decision === 'approved',
              label: app.decision.decision === 'approved' ? 'dash.school.decision.approved' : 'dash.school.decision.rejected',
              note: app.decision.note,
              publishedAt: formatShanghai(app.decision.publishedAt, lang),
            }
          : null,
        link: ['/applications', app.id],
      };
    });
}
