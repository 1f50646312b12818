import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal, untracked, viewChildren } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import type { ApplicationDto, CallDto, EvidenceItemDto, MemberDto, SaveSectionResponse, SectionAssignments, SectionState, TimelineDto } from '@dahe/shared/contracts';
import {
  ApplicationsApiService,
  I18nService,
  intakeReturnUrl,
  OrganisationsApiService,
  SessionService,
  SignoffApiService,
  type Translatable,
  TranslatePipe,
  applicationStateKey,
  formatCallTime,
  issueCountBySection,
  issueTarget,
  mayAssign,
  quietContext,
  sectionAccess,
  sectionDomId,
  describeRequestError,
} from '@dahe/web/core';
import {
  type Code,
  DAHE_2024,
  type IssueSection,
  type SectionKey,
  type SectionsInput,
  type ValidationIssue,
  type ValidationReport,
  type ValidationWarning,
  evidenceReference,
  isCode,
  sectionCompleteness,
  sectionHeading,
  validateApplication,
} from '@dahe/shared/form';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { firstValueFrom } from 'rxjs';
import { EvidencePanel } from './collab/evidence-panel';
import { ExportMenu } from './export-menu';
import { SectionComments } from './collab/section-comments';
import { SectionHistory } from './collab/section-history';
import { SectionEditor, type SectionFieldFocus } from './section-editor';
import { SignoffBar } from './signoff/signoff-bar';
import { SignoffTimeline } from './signoff/signoff-timeline';
import { ValidationPanel } from './validation-panel';

type SideTab = 'validation' | 'history' | 'comments' | 'evidence' | 'timeline';

type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready' } | { readonly kind: 'error'; readonly message: Translatable };

/** After a save, wait this long for more saves before asking the server's validation again. */
const VALIDATION_AFTER_SAVE_MS = 600;

/**
 * The 申报书 editor (`/applications/:id`): the cover and every section in the notice's order, with an
 * outline of completeness on the left and, on the right, the server's validation, the section's
 * history and comments and the evidence binder. Everyone in the school reads; who writes what is the
 * API's to decide, and shown here as read-only fields with the reason.
 */
@Component({
  selector: 'dahe-application-editor-page',
  imports: [
    ExportMenu,
    FormsModule,
    NzAlertModule,
    NzButtonModule,
    NzIconModule,
    NzRadioModule,
    NzSpinModule,
    NzTagModule,
    TranslatePipe,
    EvidencePanel,
    SectionComments,
    SectionEditor,
    SectionHistory,
    SignoffBar,
    SignoffTimeline,
    ValidationPanel,
  ],
  templateUrl: './application-editor-page.html',
  styleUrl: './application-editor-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(window:beforeunload)': 'beforeUnload($event)' },
})
export class ApplicationEditorPage {
  private readonly api = inject(ApplicationsApiService);
  private readonly signoff = inject(SignoffApiService);
  private readonly organisations = inject(OrganisationsApiService);
  private readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);
  private readonly route = inject(ActivatedRoute);
  private readonly document = inject(DOCUMENT);
  protected readonly router = inject(Router);

  /** Opened from the province's intake list: the way back to it, with its filters (issue 6). */
  protected readonly intakeReturn = intakeReturnUrl(this.document.defaultView?.history.state);

  private readonly editors = viewChildren(SectionEditor);
  private validationTimer: ReturnType<typeof setTimeout> | undefined;

  protected readonly sections = DAHE_2024.sections;
  protected readonly templateTitle = computed(() => DAHE_2024.title[this.i18n.lang()]);
  protected readonly lang = computed(() => this.i18n.lang());

  protected readonly load = signal<LoadState>({ kind: 'loading' });
  protected readonly application = signal<ApplicationDto | null>(null);
  protected readonly call = signal<CallDto | null>(null);
  protected readonly assignments = signal<SectionAssignments>({});
  protected readonly members = signal<MemberDto[]>([]);
  protected readonly evidence = signal<EvidenceItemDto[]>([]);
  /** Sign-off (issue 5): the state bar's and the timeline tab's data. */
  protected readonly timeline = signal<TimelineDto | null>(null);
  /** The content in the editors, section by section, as typed (for live hints and completeness). */
  protected readonly contents = signal<SectionsInput>({});

  protected readonly report = signal<ValidationReport | null>(null);
  protected readonly reportLoading = signal(false);
  protected readonly checkedAt = signal<Date | null>(null);

  protected readonly sideTab = signal<SideTab>('validation');
  /** The section the side panel's history and comments are about: the one last worked in. */
  protected readonly activeSection = signal<SectionKey>('cover');
  /** The text field last focused, where a citation goes. */
  private readonly lastFocus = signal<SectionFieldFocus | null>(null);

  protected readonly me = computed(() => this.session.me());
  protected readonly roles = computed(() => this.session.roles());
  protected readonly canAssign = computed(() => mayAssign(this.roles()));
  protected readonly stateKey = computed(() => applicationStateKey(this.application()?.state ?? ''));
  protected readonly editableState = computed(() => {
    const app = this.application();
    return app ? sectionAccess({ state: app.state, roles: ['contact'], userId: '', sectionKey: '', assignments: {} }).editable : false;
  });
  protected readonly schoolName = computed(() => {
    const app = this.application();
    if (app?.organisationName) return app.organisationName;
    const org = this.session.activeOrganisation();
    return org && org.id === app?.orgId ? org.name : '';
  });
  protected readonly deadline = computed(() => {
    const call = this.call();
    // As the notice says it: 24:00 of the closing day, not 00:00 of the next.
    return call ? formatCallTime(call.deadline, this.lang(), true) : '';
  });
  protected readonly countryRisk = computed<Readonly<Record<string, string>>>(() => this.call()?.countryRisk ?? {});

  protected readonly access = computed(() => {
    const app = this.application();
    const me = this.me();
    const assignments = this.assignments();
    const roles = this.roles();
    return Object.fromEntries(
      this.sections.map((section) => [section.key, sectionAccess({ state: app?.state ?? '', roles, userId: me?.user.id ?? '', sectionKey: section.key, assignments })]),
    ) as Record<SectionKey, ReturnType<typeof sectionAccess>>;
  });
  protected readonly anyEditable = computed(() => Object.values(this.access()).some((access) => access.editable));

  /** The shared validation, run as people type; the server's report (the panel) decides. */
  protected readonly liveReport = computed(() => {
    const risk = this.countryRisk();
    return validateApplication({
      sections: this.contents(),
      evidence: this.evidence().filter((item) => isCode(item.category)).map((item) => ({ category: item.category as Code, isAgreement: item.isAgreement })),
      countryRisk: (iso2) => {
        const level = risk[iso2];
        return level === 'ok' || level === 'caution' || level === 'prohibited' ? level : undefined;
      },
    });
  });
  protected readonly liveIssues = computed(() => {
    const report = this.liveReport();
    const bySection: Partial<Record<IssueSection, (ValidationIssue | ValidationWarning)[]>> = {};
    for (const issue of [...report.issues, ...report.warnings]) (bySection[issue.section] ??= []).push(issue);
    return bySection;
  });
  protected readonly issueCounts = computed(() => issueCountBySection(this.liveReport().issues));
  protected readonly completeness = computed(() => sectionCompleteness(this.contents()));
  protected readonly canCite = computed(() => {
    const focus = this.lastFocus();
    return focus !== null && this.access()[focus.sectionKey as SectionKey]?.editable === true;
  });

  constructor() {
    const id = this.route.snapshot.paramMap.get('id') ?? '';
    void this.loadAll(id);
    // Drafters are listed for whoever assigns them.
    effect(() => {
      const app = this.application();
      if (!app || !this.canAssign()) return;
      untracked(() => void this.loadMembers(app.orgId));
    });
    inject(DestroyRef).onDestroy(() => clearTimeout(this.validationTimer));
  }

  protected initialOf(app: ApplicationDto, key: SectionKey): SectionState {
    return (app.sections as Partial<Record<string, SectionState>>)[key] ?? { content: null, version: 0 };
  }

  protected assigneesOf(key: SectionKey): SectionAssignments[string] {
    return (this.assignments() as Partial<SectionAssignments>)[key] ?? [];
  }

  protected sectionLabel(key: SectionKey): string {
    return sectionHeading(key, this.lang());
  }

  /** The version the section's editor holds (the history marks it). */
  protected currentVersion(key: SectionKey): number {
    return this.editors().find((editor) => editor.definition().key === key)?.version() ?? 0;
  }

  protected beforeUnload(event: BeforeUnloadEvent): void {
    if (this.editors().some((editor) => editor.hasUnsavedChanges())) {
      // The browser shows its own "leave site?" question; the text kept in localStorage is the safety net.
      event.preventDefault();
      event.returnValue = '';
    }
  }

  protected contentChanged(change: { key: string; content: unknown }): void {
    this.contents.update((contents) => ({ ...contents, [change.key]: change.content }));
  }

  protected sectionSaved(): void {
    clearTimeout(this.validationTimer);
    this.validationTimer = setTimeout(() => void this.refreshValidation(), VALIDATION_AFTER_SAVE_MS);
  }

  protected focused(focus: SectionFieldFocus): void {
    this.lastFocus.set(focus);
  }

  protected activate(key: string): void {
    this.activeSection.set(key as SectionKey);
  }

  protected assignmentsChanged(assignments: SectionAssignments): void {
    this.assignments.set(assignments);
  }

  protected scrollTo(key: SectionKey): void {
    this.activeSection.set(key);
    const element = this.document.getElementById(sectionDomId(key));
    element?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    const first = element?.querySelector<HTMLElement>('textarea, input:not([type=hidden]), [tabindex="-1"]');
    first?.focus({ preventScroll: true });
  }

  /** A validation link: scroll to the field and focus it (or its section, or the evidence panel). */
  protected goTo(issue: ValidationIssue | ValidationWarning): void {
    const target = issueTarget(issue);
    if (target.kind === 'evidence') {
      this.sideTab.set('evidence');
      return;
    }
    this.activeSection.set(target.section);
    const element = this.document.getElementById(target.domId) ?? this.document.getElementById(sectionDomId(target.section));
    if (!element) return;
    element.scrollIntoView({ behavior: 'auto', block: 'center' });
    const focusable = element.matches('input, textarea, select, [tabindex]') ? element : element.querySelector<HTMLElement>('input, textarea, [tabindex]');
    focusable?.focus({ preventScroll: true });
    element.classList.add('is-target');
    setTimeout(() => element.classList.remove('is-target'), 2000);
  }

  /** The evidence panel asks to cite an item: its reference goes in at the caret of the last text field. */
  protected cite(item: EvidenceItemDto): void {
    const focus = this.lastFocus();
    if (!focus) return;
    const editor = this.editors().find((candidate) => candidate.definition().key === focus.sectionKey);
    editor?.insertText(focus.path, focus.element, evidenceReference(item.id));
  }

  protected async restored(_saved: SaveSectionResponse): Promise<void> {
    const editor = this.editors().find((candidate) => candidate.definition().key === this.activeSection());
    await editor?.reload();
    await this.refreshValidation();
  }

  protected async evidenceChanged(): Promise<void> {
    await Promise.all([this.loadEvidence(), this.refreshValidation()]);
  }

  /** After a sign-off move the application is another (read-only once submitted for signature): load it afresh. */
  protected async signoffChanged(): Promise<void> {
    const app = this.application();
    if (!app) return;
    this.load.set({ kind: 'loading' });
    await this.loadAll(app.id);
  }

  /** Submitting for signature was refused as not ready: the validation panel says what, with links. */
  protected showValidation(): void {
    this.sideTab.set('validation');
    void this.refreshValidation();
  }

  async refreshValidation(): Promise<void> {
    const app = this.application();
    if (!app) return;
    this.reportLoading.set(true);
    try {
      this.report.set(await firstValueFrom(this.api.validation(app.id, { context: quietContext() })));
      this.checkedAt.set(new Date());
    } catch {
      // The panel keeps the last report and its time.
    } finally {
      this.reportLoading.set(false);
    }
  }

  private async loadAll(id: string): Promise<void> {
    try {
      const app = await firstValueFrom(this.api.get(id));
      const [calls, assignments] = await Promise.all([firstValueFrom(this.api.calls({ context: quietContext() })).catch(() => [] as CallDto[]), firstValueFrom(this.api.assignments(id))]);
      this.contents.set(Object.fromEntries(Object.entries(app.sections).map(([key, section]) => [key, section.content])));
      this.call.set(calls.find((call) => call.id === app.callId) ?? null);
      this.assignments.set(assignments);
      this.application.set(app);
      this.load.set({ kind: 'ready' });
      void this.loadEvidence();
      void this.refreshValidation();
      void this.loadTimeline(id);
    } catch (error: unknown) {
      this.load.set({
        kind: 'error',
        message: describeRequestError(error),
      });
    }
  }

  private async loadTimeline(id: string): Promise<void> {
    try {
      this.timeline.set(await firstValueFrom(this.signoff.timeline(id, { context: quietContext() })));
    } catch {
      this.timeline.set(null); // The bar still shows the state; the tab says the timeline is unavailable.
    }
  }

  private async loadEvidence(): Promise<void> {
    const app = this.application();
    if (!app) return;
    try {
      this.evidence.set(await firstValueFrom(this.api.evidence(app.id, { context: quietContext() })));
    } catch {
      // Live hints then miss the evidence checks; the server's report still has them.
    }
  }

  private async loadMembers(orgId: string): Promise<void> {
    try {
      this.members.set(await firstValueFrom(this.organisations.members(orgId, { context: quietContext() })));
    } catch {
      this.members.set([]);
    }
  }
}
