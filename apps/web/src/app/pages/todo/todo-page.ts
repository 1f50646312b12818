import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { RouterLink } from '@angular/router';
import { type ApplicationSummaryDto, type CallDto } from '@dahe/shared/contracts';
import {
  ApplicationsApiService,
  I18nService,
  SessionService,
  SignoffApiService,
  type Translatable,
  type TranslationKey,
  TranslatePipe,
  applicationStateKey,
  formatCallTime,
  formatShanghai,
  quietContext,
  todoOf,
  describeRequestError,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { firstValueFrom } from 'rxjs';

type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready' } | { readonly kind: 'error'; readonly message: Translatable };

interface Row {
  readonly id: string;
  readonly school: string;
  readonly call: string;
  readonly deadline: string;
  readonly state: string;
  readonly stateKey: TranslationKey;
  readonly updatedAt: string;
  readonly link: readonly string[];
}

/**
 * `/todo`: what waits for this person across every application they may see — the legal representative's
 * signatures, the supervising unit's approvals, the province's submitted applications, the contact's drafts
 * to submit — and, below, everything else they may see with its state.
 */
@Component({
  selector: 'dahe-todo-page',
  imports: [NgTemplateOutlet, RouterLink, NzAlertModule, NzButtonModule, NzIconModule, NzSpinModule, NzTagModule, TranslatePipe],
  templateUrl: './todo-page.html',
  styleUrl: './todo-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TodoPage {
  private readonly api = inject(SignoffApiService);
  private readonly applications = inject(ApplicationsApiService);
  private readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);

  protected readonly load = signal<LoadState>({ kind: 'loading' });
  private readonly list = signal<ApplicationSummaryDto[]>([]);
  private readonly calls = signal<CallDto[]>([]);

  protected readonly todo = computed(() => {
    const mine = todoOf(this.list(), { roles: this.session.roles(), orgKind: this.session.activeOrganisation()?.kind });
    return mine.map((entry) => this.row(entry));
  });
  protected readonly others = computed(() => {
    const mine = new Set(this.todo().map((row) => row.id));
    return this.list()
      .filter((entry) => !mine.has(entry.id))
      .map((entry) => this.row(entry));
  });

  constructor() {
    void this.reload();
  }

  protected async reload(): Promise<void> {
    this.load.set({ kind: 'loading' });
    try {
      const [list, calls] = await Promise.all([firstValueFrom(this.api.list()), firstValueFrom(this.applications.calls({ context: quietContext() })).catch(() => [] as CallDto[])]);
      this.list.set(list);
      this.calls.set(calls);
      this.load.set({ kind: 'ready' });
    } catch (error: unknown) {
      this.load.set({
        kind: 'error',
        message: describeRequestError(error),
      });
    }
  }

  private row(entry: ApplicationSummaryDto): Row {
    const lang = this.i18n.lang();
    const call = this.calls().find((candidate) => candidate.id === entry.callId);
    return {
      id: entry.id,
      school: entry.organisationName,
      call: call?.title ?? '',
      deadline: call ? formatCallTime(call.deadline, lang, true) : '',
      state: entry.state,
      stateKey: applicationStateKey(entry.state),
      updatedAt: formatShanghai(entry.updatedAt, lang),
      link: this.linkFor(entry),
    };
  }

  /** The school works in the editor (its legal representative signs on the signing page); everyone else reads the printed form. */
  private linkFor(entry: ApplicationSummaryDto): readonly string[] {
    const inSchool = this.session.activeOrganisation()?.id === entry.orgId;
    if (inSchool && !(entry.state === 'awaiting_signature' && this.session.roles().includes('legal_rep'))) return ['/applications', entry.id];
    return ['/applications', entry.id, 'sign'];
  }
}
