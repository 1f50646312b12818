import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { CallDto, IntakePageDto, IntakeQuery, OrganisationDto } from '@dahe/shared/contracts';
import { countryName, countryOptions } from '@dahe/shared/form';
import {
  CallsApiService,
  DECISION_COLORS,
  DECISION_LABELS,
  I18nService,
  INTAKE_FILTER_STATES,
  INTAKE_PATH,
  INTAKE_PAGE_SIZES,
  INTAKE_SCHOOL_TYPES,
  INTAKE_SORTS,
  type IntakeLocation,
  type IntakeSort,
  type IntakeTab,
  OrganisationsApiService,
  ProvinceApiService,
  SCHOOL_TYPE_LABELS,
  type Translatable,
  type TranslationKey,
  TranslatePipe,
  activeFilterCount,
  applicationStateView,
  callsNewestFirst,
  cooperationFormOptions,
  defaultIntakeCall,
  formatShanghai,
  intakeLocationFromParams,
  intakeLocationToParams,
  intakeRequestParams,
  intakeRowView,
  matchesCountry,
  quietContext,
  sortOrderOf,
  withFilters,
  withPage,
  withSort,
  withoutFilters,
  describeRequestError,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { Subject, debounceTime, distinctUntilChanged, firstValueFrom, map } from 'rxjs';
import { DecisionsPanel } from './decisions-panel';
import { IntakeDocuments } from './intake-documents';
import { IntakeExport } from './intake-export';

type CallsState = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly calls: CallDto[] } | { readonly kind: 'error'; readonly message: Translatable };
type ListState = { readonly kind: 'loading' } | { readonly kind: 'ready' } | { readonly kind: 'error'; readonly message: Translatable };

const SEARCH_DEBOUNCE_MS = 350;
const EMPTY_PAGE: IntakePageDto = { total: 0, page: 1, pageSize: 20, rows: [] };

/**
 * `/province/intake` (申报受理): the province officer's list of a call's received applications, filtered,
 * sorted and paged on the server, with the filters in the URL (shareable; the back button returns to
 * them). A row opens the application read-only with its sign-off bar (形式审查), timeline and audit trail.
 * The second tab records the decisions (立项) and publishes them; the export takes the filtered list.
 */
@Component({
  selector: 'dahe-intake-page',
  imports: [
    FormsModule,
    RouterLink,
    NzAlertModule,
    NzButtonModule,
    NzEmptyModule,
    NzIconModule,
    NzInputModule,
    NzRadioModule,
    NzSelectModule,
    NzSpinModule,
    NzTableModule,
    NzTagModule,
    TranslatePipe,
    DecisionsPanel,
    IntakeDocuments,
    IntakeExport,
  ],
  templateUrl: './intake-page.html',
  styleUrl: './intake-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IntakePage {
  private readonly api = inject(ProvinceApiService);
  private readonly callsApi = inject(CallsApiService);
  private readonly orgsApi = inject(OrganisationsApiService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18nService);

  protected readonly filterStates = INTAKE_FILTER_STATES;
  protected readonly schoolTypes = INTAKE_SCHOOL_TYPES;
  protected readonly schoolTypeLabels = SCHOOL_TYPE_LABELS;
  protected readonly pageSizes = [...INTAKE_PAGE_SIZES];
  protected readonly decisionLabels = DECISION_LABELS;
  protected readonly decisionColors = DECISION_COLORS;
  protected readonly stateView = applicationStateView;

  /** Where the page is, read from the URL: the single source of the call, tab and query. */
  protected readonly location = toSignal(this.route.queryParams.pipe(map((params) => intakeLocationFromParams(params))), {
    initialValue: intakeLocationFromParams(this.route.snapshot.queryParams),
  });
  protected readonly query = computed(() => this.location().query);
  protected readonly callId = computed(() => this.location().callId);
  protected readonly tab = computed(() => this.location().tab);
  protected readonly filterCount = computed(() => activeFilterCount(this.query()));

  protected readonly callsState = signal<CallsState>({ kind: 'loading' });
  protected readonly calls = computed(() => {
    const state = this.callsState();
    return state.kind === 'ready' ? callsNewestFirst(state.calls) : [];
  });
  protected readonly call = computed(() => this.calls().find((call) => call.id === this.callId()) ?? null);

  private readonly orgs = signal<OrganisationDto[]>([]);
  protected readonly orgsFailed = signal(false);
  protected readonly supervisors = computed(() =>
    this.orgs()
      .filter((org) => org.kind === 'supervisor')
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN-u-co-pinyin')),
  );
  protected readonly cities = computed(() =>
    [...new Set(this.orgs().flatMap((org) => (org.kind !== 'province' && org.city ? [org.city] : [])))].sort((a, b) => a.localeCompare(b, 'zh-CN-u-co-pinyin')),
  );
  protected readonly forms = computed(() => cooperationFormOptions(this.i18n.lang()));
  protected readonly countries = computed(() => countryOptions(this.i18n.lang()));
  protected readonly countryFilter = (search: string, option: { nzValue: unknown; nzLabel: unknown }): boolean => {
    const code = String(option.nzValue);
    return matchesCountry(search, { code, name: String(option.nzLabel) }, countryName(code, this.i18n.lang() === 'en' ? 'zh-CN' : 'en'));
  };

  protected readonly listState = signal<ListState>({ kind: 'loading' });
  protected readonly page = signal<IntakePageDto>(EMPTY_PAGE);
  protected readonly rows = computed(() => {
    const lang = this.i18n.lang();
    return this.page().rows.map((row) => ({
      ...intakeRowView(row, lang),
      submittedText: row.submittedAt ? formatShanghai(row.submittedAt, lang) : null,
      view: applicationStateView(row.state),
      schoolTypeKey: (SCHOOL_TYPE_LABELS as Readonly<Record<string, TranslationKey>>)[row.schoolType] ?? null,
    }));
  });
  /** This list as it is now: the application page's way back to it, filters included. */
  protected readonly returnUrl = computed(() => {
    const queryParams = Object.fromEntries(Object.entries(intakeLocationToParams(this.location())).filter(([, value]) => value !== null));
    return this.router.serializeUrl(this.router.createUrlTree([INTAKE_PATH], { queryParams }));
  });
  /** The search box's text; the URL gets it after a pause in typing. */
  protected readonly searchText = signal('');

  private readonly search$ = new Subject<string>();
  private listSeq = 0;
  private lastListKey = '';

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.route.queryParams.pipe(takeUntilDestroyed(destroyRef)).subscribe((params) => this.follow(intakeLocationFromParams(params)));
    this.search$.pipe(debounceTime(SEARCH_DEBOUNCE_MS), distinctUntilChanged(), takeUntilDestroyed(destroyRef)).subscribe((q) => this.setFilters({ q }));
    void this.loadCalls();
    void this.loadOrgs();
  }

  protected sortOrder(key: IntakeSort): 'ascend' | 'descend' | null {
    return sortOrderOf(this.query(), key);
  }

  /** A header was clicked (the thead reports only clicks, not the other columns being cleared). */
  protected sortChanged(change: { key: string; value: string | null }): void {
    const key = INTAKE_SORTS.find((sort) => sort === change.key);
    if (!key) return;
    const value = change.value === 'ascend' || change.value === 'descend' ? change.value : null;
    this.go({ query: withSort(this.query(), key, value) });
  }

  protected pageChanged(page: number): void {
    if (page !== (this.query().page ?? 1)) this.go({ query: withPage(this.query(), page) });
  }

  protected pageSizeChanged(size: number): void {
    this.go({ query: withPage(this.query(), 1, size) });
  }

  protected setFilters(patch: Parameters<typeof withFilters>[1]): void {
    this.go({ query: withFilters(this.query(), patch) });
  }

  protected typed(text: string): void {
    this.searchText.set(text);
    this.search$.next(text.trim());
  }

  protected clearFilters(): void {
    this.searchText.set('');
    // A search still waiting for its pause must not come back after the clear.
    this.search$.next('');
    this.go({ query: withoutFilters(this.query()) });
  }

  protected chooseCall(callId: string): void {
    this.go({ callId, query: withoutFilters(this.query()) });
  }

  protected chooseTab(tab: IntakeTab): void {
    this.go({ tab });
  }

  protected open(id: string): void {
    void this.router.navigate(['/applications', id], { state: { intakeReturn: this.returnUrl() } });
  }

  protected reload(): void {
    this.lastListKey = '';
    this.follow(this.location());
  }

  protected range(total: number, range: [number, number]): { from: number; to: number; total: number } {
    return { from: range[0], to: range[1], total };
  }

  private go(patch: Partial<IntakeLocation>, replaceUrl = false): void {
    const next: IntakeLocation = { ...this.location(), ...patch };
    const queryParams = Object.fromEntries(Object.entries(intakeLocationToParams(next)).filter(([, value]) => value !== null));
    void this.router.navigate([], { relativeTo: this.route, queryParams, replaceUrl });
  }

  /** Loads what the URL asks for, once per distinct request; picks the default call when none is named. */
  private follow(location: IntakeLocation): void {
    const q = location.query.q ?? '';
    if (this.searchText().trim() !== q) this.searchText.set(q);
    if (!location.callId) {
      this.pickDefaultCall();
      return;
    }
    const key = `${location.callId}?${JSON.stringify(intakeRequestParams(location.query))}`;
    if (key === this.lastListKey) return;
    this.lastListKey = key;
    void this.loadList(location.callId, location.query);
  }

  private pickDefaultCall(): void {
    const state = this.callsState();
    if (state.kind !== 'ready') return;
    const call = defaultIntakeCall(state.calls, Date.now());
    if (call) this.go({ callId: call.id }, true);
    else this.listState.set({ kind: 'ready' });
  }

  private async loadList(callId: string, query: IntakeQuery): Promise<void> {
    const seq = ++this.listSeq;
    this.listState.set({ kind: 'loading' });
    try {
      const page = await firstValueFrom(this.api.intake(callId, query, { context: quietContext() }));
      if (seq !== this.listSeq) return;
      this.page.set(page);
      this.listState.set({ kind: 'ready' });
    } catch (error: unknown) {
      if (seq !== this.listSeq) return;
      this.lastListKey = '';
      this.page.set(EMPTY_PAGE);
      this.listState.set({ kind: 'error', message: describeRequestError(error) });
    }
  }

  private async loadCalls(): Promise<void> {
    try {
      const calls = await firstValueFrom(this.callsApi.list({ context: quietContext() }));
      this.callsState.set({ kind: 'ready', calls });
      if (!this.callId()) this.pickDefaultCall();
    } catch (error: unknown) {
      this.callsState.set({ kind: 'error', message: describeRequestError(error) });
    }
  }

  private async loadOrgs(): Promise<void> {
    try {
      this.orgs.set(await firstValueFrom(this.orgsApi.list({ context: quietContext() })));
    } catch {
      this.orgsFailed.set(true);
    }
  }

}
