import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, type OnInit, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { MemberDto, SectionAssignments, SectionPresenceDto, SectionState } from '@dahe/shared/contracts';
import { Role } from '@dahe/shared/contracts';
import {
  ApplicationsApiService,
  type AutosaveState,
  DraftKeeper,
  I18nService,
  type KeptDraft,
  type SectionAccess,
  SectionAutosave,
  TranslatePipe,
  type TranslationKey,
  fieldDomId,
  flattenContent,
  formatShanghai,
  quietContext,
  sameContent,
  saveIndicator,
  sectionDomId,
  setAtPath,
} from '@dahe/web/core';
import {
  COOPERATION_CODES,
  COOPERATION_FORM_LABELS,
  type Code,
  type FieldDefinition,
  type ScheduleRow,
  type SectionCompleteness,
  type SectionDefinition,
  type ValidationIssue,
  type ValidationWarning,
  issueMessage,
} from '@dahe/shared/form';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCheckboxModule } from 'ng-zorro-antd/checkbox';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzTooltipModule } from 'ng-zorro-antd/tooltip';
import { firstValueFrom } from 'rxjs';
import { CountryField } from './country-field';
import { MergeView } from './merge-view';
import { type FieldFocus, ScheduleTable } from './schedule-table';
import { ZiCounter } from './zi-counter';

/** How often an open section tells the server "I am here" (the server forgets after 30 s). */
const PRESENCE_EVERY_MS = 15_000;

export interface SectionFieldFocus extends FieldFocus {
  readonly sectionKey: string;
}

type Issue = ValidationIssue | ValidationWarning;

/** Codes shown beside a field while typing; "please fill in" waits for the validation panel. */
const LIVE_HINT_CODES: ReadonlySet<string> = new Set(['over_limit', 'invalid_mobile', 'invalid_date', 'invalid_country']);

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * One section of the 申报书: its heading and the notice's guidance, the fields by type, a live 字
 * count on every limited field, autosave with the version the edit was based on, the merge view of a
 * stale save, unsaved text kept in the browser, who is assigned and who else is editing.
 */
@Component({
  selector: 'dahe-section-editor',
  imports: [
    FormsModule,
    NzAlertModule,
    NzButtonModule,
    NzCheckboxModule,
    NzIconModule,
    NzInputModule,
    NzRadioModule,
    NzSelectModule,
    NzTagModule,
    NzTooltipModule,
    TranslatePipe,
    CountryField,
    MergeView,
    ScheduleTable,
    ZiCounter,
  ],
  templateUrl: './section-editor.html',
  styleUrl: './section-editor.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[id]': 'domId()',
    '[attr.data-testid]': '"section-" + definition().key',
    '[attr.data-status]': 'state().status',
    '(focusin)': 'focusIn()',
    '(focusout)': 'focusOut($event)',
  },
})
export class SectionEditor implements OnInit {
  private readonly api = inject(ApplicationsApiService);
  private readonly i18n = inject(I18nService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly document = inject(DOCUMENT);
  private readonly destroyRef = inject(DestroyRef);

  readonly applicationId = input.required<string>();
  readonly definition = input.required<SectionDefinition>();
  readonly initial = input.required<SectionState>();
  readonly access = input.required<SectionAccess>();
  readonly userId = input.required<string>();
  readonly assignees = input<readonly { userId: string; displayName: string }[]>([]);
  readonly canAssign = input(false);
  /** The school's drafters, for assigning (contact and school admin only). */
  readonly drafters = input<readonly MemberDto[]>([]);
  readonly countryRisk = input<Readonly<Record<string, string>>>({});
  readonly schoolName = input('');
  /** Live issues and warnings of this section, from the shared validation run in the browser. */
  readonly issues = input<readonly Issue[]>([]);
  readonly completeness = input<SectionCompleteness | undefined>(undefined);

  readonly contentChange = output<{ key: string; content: unknown }>();
  readonly saved = output<{ key: string; version: number }>();
  readonly fieldFocus = output<SectionFieldFocus>();
  readonly activated = output<string>();
  readonly assignmentsChange = output<SectionAssignments>();

  private autosave!: SectionAutosave;
  private readonly keeper = new DraftKeeper(this.storage());
  private presenceTimer: ReturnType<typeof setInterval> | undefined;

  protected readonly state = signal<AutosaveState>({ status: 'clean', baseVersion: 0, savedContent: null, content: null });
  protected readonly unsaved = signal(false);
  protected readonly keptDraft = signal<KeptDraft | null>(null);
  protected readonly others = signal<SectionPresenceDto['editors']>([]);
  protected readonly theirsAuthor = signal<string | null>(null);
  protected readonly resolving = signal(false);
  protected readonly assigning = signal(false);
  protected readonly assignChoice = signal<string[]>([]);
  protected readonly assignBusy = signal(false);

  /** The version the editor's content is based on. */
  readonly version = computed(() => this.state().baseVersion);
  protected readonly domId = computed(() => sectionDomId(this.definition().key));
  protected readonly lang = computed(() => this.i18n.lang());
  protected readonly content = computed(() => asRecord(this.state().content));
  /** Fields take input only when the person may write, no conflict waits and no kept draft waits for a decision. */
  protected readonly editable = computed(() => this.access().editable && this.state().status !== 'conflict' && this.keptDraft() === null);
  protected readonly indicator = computed(() => saveIndicator(this.state(), this.unsaved()));
  protected readonly heading = computed(() => {
    const def = this.definition();
    const title = def.title[this.lang()];
    return def.number ? `${def.number} ${title}` : title;
  });
  protected readonly fields = computed<readonly FieldDefinition[]>(() => {
    const def = this.definition();
    return def.kind === 'fields' ? def.fields : [];
  });
  protected readonly scheduleRows = computed<ScheduleRow[]>(() => {
    const def = this.definition();
    if (def.kind !== 'schedule') return [];
    const rows = Array.isArray(this.content()['rows']) ? (this.content()['rows'] as unknown[]) : [];
    const normalised = rows.map((value) => {
      const row = asRecord(value);
      const goals = asRecord(row['goals']);
      return { task: typeof row['task'] === 'string' ? row['task'] : '', goals: Object.fromEntries(def.years.map((year) => [year, typeof goals[year] === 'string' ? goals[year] : ''])) } as ScheduleRow;
    });
    while (normalised.length < def.minRows) normalised.push({ task: '', goals: Object.fromEntries(def.years.map((year) => [year, ''])) as ScheduleRow['goals'] });
    return normalised;
  });
  protected readonly hints = computed(() => {
    const lang = this.lang();
    const map = new Map<string, { code: string; text: string }[]>();
    for (const issue of this.issues()) {
      if (!LIVE_HINT_CODES.has(issue.code) || !issue.field) continue;
      map.set(issue.field, [...(map.get(issue.field) ?? []), { code: issue.code, text: issueMessage(issue, lang) }]);
    }
    return map;
  });
  protected readonly readOnlyNote = computed<{ key: TranslationKey; params: Record<string, string> } | null>(() => {
    const access = this.access();
    if (access.editable || !access.reason) return null;
    const names = this.assignees().map((a) => a.displayName).join('、');
    if (access.reason === 'not_assigned') return { key: names ? ('editor.readonly.assignedTo' as const) : ('editor.readonly.unassigned' as const), params: { names } };
    return { key: `editor.readonly.${access.reason}` as const, params: { names } };
  });
  protected readonly keptAt = computed(() => {
    const draft = this.keptDraft();
    return draft ? formatShanghai(draft.keptAt, this.lang()) : '';
  });

  protected readonly cooperationCodes = COOPERATION_CODES;
  protected readonly cooperationLabels = COOPERATION_FORM_LABELS;
  protected readonly fieldId = (path: string) => fieldDomId(this.definition().key, path);

  constructor() {
    // Whoever saved the version mine lost to: its name and time, from the section's history.
    effect(() => {
      const conflict = this.state().conflict;
      untracked(() => {
        this.theirsAuthor.set(null);
        if (conflict) void this.loadAuthor(conflict.theirs.version);
      });
    });
    this.destroyRef.onDestroy(() => {
      this.stopPresence();
      // Leaving the page with a pending edit: one last save; the kept draft covers a failure.
      if (this.autosave && this.state().status === 'dirty') void this.autosave.flush();
      this.autosave?.dispose();
    });
  }

  ngOnInit(): void {
    const key = this.definition().key;
    this.autosave = new SectionAutosave({
      initial: this.initial(),
      save: (content, version) => this.api.trySave(this.applicationId(), key, content, version),
      onChange: (state) => this.changed(state),
      onSaved: (version) => this.saved.emit({ key, version }),
    });
    this.state.set(this.autosave.state);
    const kept = this.keeper.read(this.applicationId(), key, this.userId());
    if (kept && this.access().editable && !sameContent(kept.content, this.initial().content)) this.keptDraft.set(kept);
    else if (kept) this.keeper.forget(this.applicationId(), key, this.userId());
  }

  /** Unsaved text in this section (for the tab-closing warning). */
  hasUnsavedChanges(): boolean {
    return this.autosave?.hasUnsavedChanges ?? false;
  }

  flush(): Promise<void> {
    return this.autosave?.flush() ?? Promise.resolve();
  }

  /** Reloads the section from the server (after a restore from the history). */
  async reload(): Promise<void> {
    const section = await firstValueFrom(this.api.section(this.applicationId(), this.definition().key));
    this.autosave.reset(section);
    this.contentChange.emit({ key: this.definition().key, content: section.content });
  }

  /** Inserts `text` at the caret of a text field of this section (a citation of evidence). */
  insertText(path: string, element: HTMLInputElement | HTMLTextAreaElement, text: string): void {
    if (!this.editable()) return;
    const current = flattenContent(this.content()).get(path);
    const value = typeof current === 'string' ? current : '';
    const start = Math.min(element.selectionStart ?? value.length, value.length);
    const end = Math.min(element.selectionEnd ?? start, value.length);
    this.edit(setAtPath(this.content(), path, value.slice(0, start) + text + value.slice(end)));
    const caret = start + text.length;
    setTimeout(() => {
      element.focus();
      element.setSelectionRange(caret, caret);
    });
  }

  protected setField(key: string, value: unknown): void {
    this.edit({ ...this.content(), [key]: value });
  }

  protected setRows(rows: ScheduleRow[]): void {
    this.edit({ ...this.content(), rows });
  }

  protected text(key: string): string {
    const value = this.content()[key];
    return typeof value === 'string' ? value : '';
  }

  protected bool(key: string): boolean | null {
    const value = this.content()[key];
    return typeof value === 'boolean' ? value : null;
  }

  protected list(key: string): string[] {
    const value = this.content()[key];
    const items = Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
    return items.length > 0 ? items : [''];
  }

  protected setListItem(key: string, index: number, text: string): void {
    const items = [...this.list(key)];
    items[index] = text;
    this.setField(key, items);
  }

  protected addListItem(key: string): void {
    this.setField(key, [...this.list(key), '']);
  }

  protected removeListItem(key: string, index: number): void {
    const items = this.list(key).filter((_, i) => i !== index);
    this.setField(key, items.length > 0 ? items : ['']);
  }

  protected hasCode(code: Code): boolean {
    const value = this.content()['cooperationForms'];
    return Array.isArray(value) && value.includes(code);
  }

  protected toggleCode(code: Code, on: boolean): void {
    const chosen = new Set(Array.isArray(this.content()['cooperationForms']) ? (this.content()['cooperationForms'] as string[]) : []);
    if (on) chosen.add(code);
    else chosen.delete(code);
    this.setField('cooperationForms', COOPERATION_CODES.filter((c) => chosen.has(c)));
  }

  protected textFocused(path: string, event: FocusEvent): void {
    this.fieldFocus.emit({ sectionKey: this.definition().key, path, element: event.target as HTMLTextAreaElement });
  }

  protected scheduleFocused(focus: FieldFocus): void {
    this.fieldFocus.emit({ sectionKey: this.definition().key, ...focus });
  }

  protected async keepMine(): Promise<void> {
    await this.resolve(() => this.autosave.keepMine());
  }

  protected async saveMerged(content: unknown): Promise<void> {
    await this.resolve(() => this.autosave.resolveWith(content));
  }

  protected takeTheirs(): void {
    this.autosave.takeTheirs();
    this.contentChange.emit({ key: this.definition().key, content: this.autosave.state.content });
  }

  protected retry(): void {
    void this.autosave.retry();
  }

  protected restoreDraft(): void {
    const draft = this.keptDraft();
    if (!draft) return;
    this.keptDraft.set(null);
    const initial = this.initial();
    // Saved against the version the draft was based on: if someone saved since, that is a conflict to merge.
    this.autosave.reset({ content: draft.baseVersion === initial.version ? initial.content : null, version: draft.baseVersion });
    this.edit(draft.content);
    void this.autosave.flush();
  }

  protected discardDraft(): void {
    this.keptDraft.set(null);
    this.keeper.forget(this.applicationId(), this.definition().key, this.userId());
  }

  protected openAssign(): void {
    this.assignChoice.set(this.assignees().map((a) => a.userId));
    this.assigning.set(true);
  }

  protected async saveAssign(): Promise<void> {
    this.assignBusy.set(true);
    try {
      const assignments = await firstValueFrom(this.api.setAssignees(this.applicationId(), this.definition().key, this.assignChoice()));
      this.assignmentsChange.emit(assignments);
      this.assigning.set(false);
    } catch {
      // The interceptor has said why.
    } finally {
      this.assignBusy.set(false);
    }
  }

  protected draftersOnly(): MemberDto[] {
    return this.drafters().filter((member) => member.roles.includes(Role.drafter) && member.status === 'active');
  }

  protected focusIn(): void {
    this.activated.emit(this.definition().key);
    if (this.presenceTimer === undefined) {
      void this.beat();
      this.presenceTimer = setInterval(() => void this.beat(), PRESENCE_EVERY_MS);
    }
  }

  protected focusOut(event: FocusEvent): void {
    const next = event.relatedTarget as Node | null;
    // Focus moving into an overlay (the select's dropdown) is still this section.
    if (next && (this.host.nativeElement.contains(next) || this.document.querySelector('.cdk-overlay-container')?.contains(next))) return;
    this.stopPresence();
  }

  private stopPresence(): void {
    if (this.presenceTimer !== undefined) clearInterval(this.presenceTimer);
    this.presenceTimer = undefined;
    // Who else is editing is known only while we beat ourselves; stale names would mislead.
    this.others.set([]);
  }

  private async beat(): Promise<void> {
    try {
      const presence = await firstValueFrom(this.api.presence(this.applicationId(), this.definition().key, { context: quietContext() }));
      this.others.set(presence.editors);
    } catch {
      // Presence is a courtesy: a missed heartbeat only hides names for a while.
    }
  }

  private edit(content: unknown): void {
    this.autosave.edit(content);
    this.contentChange.emit({ key: this.definition().key, content: this.autosave.state.content });
  }

  private async resolve(action: () => Promise<void>): Promise<void> {
    this.resolving.set(true);
    try {
      await action();
    } finally {
      this.resolving.set(false);
      this.contentChange.emit({ key: this.definition().key, content: this.autosave.state.content });
    }
  }

  private changed(state: AutosaveState): void {
    this.state.set(state);
    const unsaved = this.autosave?.hasUnsavedChanges ?? false;
    this.unsaved.set(unsaved);
    const key = this.definition().key;
    if (unsaved) this.keeper.keep(this.applicationId(), key, this.userId(), state.conflict?.mine ?? state.content, state.baseVersion);
    else this.keeper.forget(this.applicationId(), key, this.userId());
  }

  private async loadAuthor(version: number): Promise<void> {
    try {
      const history = await firstValueFrom(this.api.history(this.applicationId(), this.definition().key, { context: quietContext() }));
      const entry = history.find((item) => item.version === version);
      if (entry && this.state().conflict?.theirs.version === version) this.theirsAuthor.set(entry.authorName);
    } catch {
      // The merge view says "someone else" without the name.
    }
  }

  private storage(): Storage | null {
    try {
      return this.document.defaultView?.localStorage ?? null;
    } catch {
      return null;
    }
  }
}
