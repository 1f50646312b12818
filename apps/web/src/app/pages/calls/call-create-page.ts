import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { type CountryRiskLevel, REQUEST_ID_HEADER } from '@dahe/shared/contracts';
import {
  CALL_ADDRESS_MAX,
  CALL_CONTACT_MAX,
  CALL_TITLE_MAX,
  type CallFormField,
  type CallFormValue,
  CallsApiService,
  type CreateCallErrorView,
  I18nService,
  PER_SCHOOL_LIMIT_MAX,
  SessionService,
  type Translatable,
  TranslatePipe,
  beijingInstant,
  callFormProblems,
  describeCreateCallError,
  formatCallTime,
  newCallForm,
  quietContext,
  toCreateCallRequest,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { firstValueFrom } from 'rxjs';
import { CountryRiskEditor } from './country-risk-editor';

/**
 * A new call, saved as a draft: title, year, template, opening time and deadline in Beijing time
 * (stored as UTC instants), applications per school, the contact shown to applicants, the country
 * risk list. Checked as typed (messages after a field is left or on saving), and again by the API.
 */
@Component({
  selector: 'dahe-call-create-page',
  imports: [FormsModule, RouterLink, NzAlertModule, NzButtonModule, NzCardModule, NzFormModule, NzIconModule, NzInputModule, NzSelectModule, TranslatePipe, CountryRiskEditor],
  templateUrl: './call-create-page.html',
  styleUrl: './call-create-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CallCreatePage {
  private readonly api = inject(CallsApiService);
  private readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);
  private readonly messages = inject(NzMessageService);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);

  protected readonly max = { title: CALL_TITLE_MAX, contact: CALL_CONTACT_MAX, address: CALL_ADDRESS_MAX, perSchool: PER_SCHOOL_LIMIT_MAX };

  protected readonly allowed = computed(() => this.session.can('create', 'Call'));
  protected readonly form = signal<CallFormValue>(newCallForm(Date.now()));
  private readonly touched = signal<ReadonlySet<CallFormField>>(new Set());
  protected readonly submitted = signal(false);
  protected readonly saving = signal(false);
  protected readonly error = signal<CreateCallErrorView | null>(null);

  private readonly problems = computed(() => callFormProblems(this.form(), Date.now()));
  /** The messages shown: a field's once it has been left, all of them once saving was tried. */
  protected readonly errors = computed(() => {
    const problems = this.problems();
    const touched = this.touched();
    const all = this.submitted();
    const shown: Partial<Record<CallFormField, string>> = {};
    for (const [field, problem] of Object.entries(problems) as [CallFormField, Translatable][]) {
      if (all || touched.has(field)) shown[field] = this.i18n.t(problem.key, problem.params);
    }
    return shown;
  });
  protected readonly problemCount = computed(() => Object.keys(this.problems()).length);

  /** The deadline as it will read in the list, once it is a real time. */
  protected readonly deadlinePreview = computed(() => {
    const { deadlineDate, deadlineTime } = this.form();
    const instant = beijingInstant(deadlineDate, deadlineTime);
    return instant ? formatCallTime(instant, this.i18n.lang(), true) : null;
  });

  protected set<K extends keyof CallFormValue>(key: K, value: CallFormValue[K]): void {
    this.form.update((form) => ({ ...form, [key]: value }));
    this.error.set(null);
  }

  protected setRisk(risk: Readonly<Record<string, CountryRiskLevel>>): void {
    this.set('countryRisk', risk);
  }

  protected touch(field: CallFormField): void {
    if (this.touched().has(field)) return;
    this.touched.set(new Set([...this.touched(), field]));
  }

  protected async submit(): Promise<void> {
    if (this.saving()) return;
    this.submitted.set(true);
    const form = this.form();
    if (Object.keys(callFormProblems(form, Date.now())).length > 0) {
      // After the messages render: take the person to the first field in error.
      setTimeout(() => this.document.querySelector<HTMLElement>('.ant-form-item-has-error input, .ant-form-item-has-error nz-select')?.focus());
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    try {
      const call = await firstValueFrom(this.api.create(toCreateCallRequest(form), { context: quietContext() }));
      this.messages.success(this.i18n.t('calls.create.done', { title: call.title }), { nzDuration: 6000 });
      await this.router.navigate(['/calls']);
    } catch (error: unknown) {
      this.error.set(
        error instanceof HttpErrorResponse ? describeCreateCallError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER)) : { message: { key: 'error.invalidResponse' } },
      );
    } finally {
      this.saving.set(false);
    }
  }
}
