import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { type AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import {
  type CreateOrganisationRequest,
  ErrorCode,
  type OrganisationDto,
  REQUEST_ID_HEADER,
  type SchoolType,
  isValidCreditCode,
} from '@dahe/shared/contracts';
import {
  I18nService,
  OrganisationsApiService,
  SCHOOL_TYPE_LABELS,
  type Translatable,
  TranslatePipe,
  describeHttpError,
  isApiErrorBody,
  parentsFor,
  quietContext,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { firstValueFrom } from 'rxjs';

/** What the dialog opens with: the kind and parent of the row it was opened from. */
export interface OrgCreatePreset {
  readonly kind?: 'supervisor' | 'school';
  readonly parentId?: string;
}

function creditCode(control: AbstractControl<string>): ValidationErrors | null {
  const value = control.value.trim().toUpperCase();
  return value === '' || isValidCreditCode(value) ? null : { creditCode: true };
}

/** Pure: a failed `POST /api/organisations` → the dialog's message. */
function describeCreateError(error: unknown): Translatable {
  if (!(error instanceof HttpErrorResponse)) return { key: 'error.invalidResponse' };
  const code = isApiErrorBody(error.error) ? error.error.code : undefined;
  if (code === ErrorCode.conflict) return { key: 'orgs.create.error.conflict' };
  if (code === ErrorCode.validationFailed || error.status === 404) return { key: 'orgs.create.error.validation' };
  return describeHttpError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER));
}

/** New supervising unit (under the province) or school (under a unit), checked as the API checks it. */
@Component({
  selector: 'dahe-org-create-dialog',
  imports: [ReactiveFormsModule, NzAlertModule, NzButtonModule, NzFormModule, NzIconModule, NzInputModule, NzModalModule, NzRadioModule, NzSelectModule, TranslatePipe],
  templateUrl: './org-create-dialog.html',
  styles: `
    .two-columns {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      gap: 0 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrgCreateDialog {
  private readonly api = inject(OrganisationsApiService);
  private readonly i18n = inject(I18nService);
  private readonly messages = inject(NzMessageService);
  private readonly fb = inject(NonNullableFormBuilder);

  readonly orgs = input.required<readonly OrganisationDto[]>();
  readonly preset = input<OrgCreatePreset>({});
  readonly closed = output<void>();
  readonly created = output<OrganisationDto>();

  protected readonly schoolTypeLabels = SCHOOL_TYPE_LABELS;
  protected readonly schoolTypes: readonly SchoolType[] = ['higher_vocational', 'secondary_vocational'];

  protected readonly form = this.fb.group({
    kind: this.fb.control<'supervisor' | 'school'>('school'),
    parentId: ['', Validators.required],
    name: ['', [Validators.required, Validators.minLength(2), Validators.maxLength(200)]],
    schoolType: this.fb.control<SchoolType | ''>(''),
    city: ['', Validators.maxLength(50)],
    creditCode: ['', creditCode],
  });
  private readonly values = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });

  protected readonly kind = computed(() => this.values().kind ?? 'school');
  protected readonly parents = computed(() => parentsFor(this.orgs(), this.kind()));
  protected readonly submitting = signal(false);
  protected readonly error = signal<Translatable | null>(null);

  constructor() {
    this.form.controls.kind.valueChanges.subscribe((kind) => {
      const parents = parentsFor(this.orgs(), kind);
      this.form.controls.parentId.setValue(parents.length === 1 ? (parents[0]?.id ?? '') : '');
      this.applySchoolTypeRule(kind);
    });
    queueMicrotask(() => {
      const preset = this.preset();
      const kind = preset.kind ?? 'school';
      const parents = parentsFor(this.orgs(), kind);
      this.form.patchValue({ kind, parentId: preset.parentId ?? (parents.length === 1 ? (parents[0]?.id ?? '') : '') });
      this.applySchoolTypeRule(kind);
    });
  }

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    if (this.form.invalid) {
      for (const control of Object.values(this.form.controls)) {
        control.markAsDirty();
        control.updateValueAndValidity();
      }
      return;
    }
    const value = this.form.getRawValue();
    const request: CreateOrganisationRequest = {
      kind: value.kind,
      parentId: value.parentId,
      name: value.name.trim(),
      ...(value.kind === 'school' && value.schoolType ? { schoolType: value.schoolType } : {}),
      ...(value.city.trim() ? { city: value.city.trim() } : {}),
      ...(value.creditCode.trim() ? { creditCode: value.creditCode.trim().toUpperCase() } : {}),
    };
    this.submitting.set(true);
    this.error.set(null);
    try {
      const org = await firstValueFrom(this.api.create(request, { context: quietContext() }));
      this.messages.success(this.i18n.t('orgs.create.done', { name: org.name }));
      this.created.emit(org);
    } catch (error: unknown) {
      this.error.set(describeCreateError(error));
    } finally {
      this.submitting.set(false);
    }
  }

  protected close(): void {
    this.closed.emit();
  }

  private applySchoolTypeRule(kind: 'supervisor' | 'school'): void {
    const control = this.form.controls.schoolType;
    if (kind === 'school') control.setValidators(Validators.required);
    else {
      control.clearValidators();
      control.setValue('');
    }
    control.updateValueAndValidity();
  }
}
