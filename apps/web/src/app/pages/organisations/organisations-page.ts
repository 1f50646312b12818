import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { subject } from '@dahe/shared/authz';
import { type OrganisationDto } from '@dahe/shared/contracts';
import {
  ORG_KIND_LABELS,
  OrganisationsApiService,
  SCHOOL_TYPE_LABELS,
  SessionService,
  type Translatable,
  TranslatePipe,
  buildOrgTree,
  countOrgKinds,
  filterOrgTree,
  flattenOrgTree,
  quietContext,
  describeRequestError,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { firstValueFrom } from 'rxjs';
import { OrgCreateDialog, type OrgCreatePreset } from './org-create-dialog';

type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly orgs: OrganisationDto[] } | { readonly kind: 'error'; readonly message: Translatable };

/**
 * The organisation tree the person sees (province → supervising units → schools), searchable, with
 * each one's type, city and credit code. The system admin creates organisations here and imports
 * schools from a sheet (`/organisations/import`).
 */
@Component({
  selector: 'dahe-organisations-page',
  imports: [FormsModule, RouterLink, NzAlertModule, NzButtonModule, NzCardModule, NzIconModule, NzInputModule, NzSpinModule, NzTagModule, TranslatePipe, OrgCreateDialog],
  templateUrl: './organisations-page.html',
  styleUrl: './organisations-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrganisationsPage {
  private readonly api = inject(OrganisationsApiService);
  protected readonly session = inject(SessionService);

  protected readonly kindLabels = ORG_KIND_LABELS;
  protected readonly schoolTypeLabels = SCHOOL_TYPE_LABELS;

  protected readonly state = signal<LoadState>({ kind: 'loading' });
  protected readonly query = signal('');
  private readonly collapsed = signal<ReadonlySet<string>>(new Set());
  protected readonly creating = signal<OrgCreatePreset | null>(null);

  protected readonly orgs = computed(() => {
    const state = this.state();
    return state.kind === 'ready' ? state.orgs : [];
  });
  protected readonly counts = computed(() => countOrgKinds(this.orgs()));
  private readonly tree = computed(() => buildOrgTree(this.orgs()));
  protected readonly rows = computed(() => {
    const query = this.query();
    // While searching, every match is shown open.
    return flattenOrgTree(filterOrgTree(this.tree(), query), query.trim() ? new Set() : this.collapsed());
  });

  protected readonly canCreate = computed(() => this.session.can('create', 'Organisation'));
  protected readonly canImport = computed(() => this.session.can('import', 'Organisation'));
  protected readonly isProvince = computed(() => this.session.activeOrganisation()?.kind === 'province');

  constructor() {
    void this.load();
  }

  protected canReadMembers(org: OrganisationDto): boolean {
    return this.session.can('read', subject('Membership', { orgId: org.id }));
  }

  protected toggle(org: OrganisationDto): void {
    const next = new Set(this.collapsed());
    if (next.has(org.id)) next.delete(org.id);
    else next.add(org.id);
    this.collapsed.set(next);
  }

  protected create(preset: OrgCreatePreset = {}): void {
    this.creating.set(preset);
  }

  protected created(org: OrganisationDto): void {
    this.creating.set(null);
    this.state.update((state) => (state.kind === 'ready' ? { kind: 'ready', orgs: [...state.orgs, org] } : state));
  }

  protected async load(): Promise<void> {
    this.state.set({ kind: 'loading' });
    try {
      this.state.set({ kind: 'ready', orgs: await firstValueFrom(this.api.list({ context: quietContext() })) });
    } catch (error: unknown) {
      this.state.set({
        kind: 'error',
        message:
          describeRequestError(error),
      });
    }
  }
}
