import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { type AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { type CreateInvitationRequest, type CreatedInvitationDto, type OrganisationKind, REQUEST_ID_HEADER, type Role } from '@dahe/shared/contracts';
import {
  I18nService,
  type InviteChannel,
  OrganisationsApiService,
  ROLE_DESCRIPTIONS,
  ROLE_LABELS,
  SessionService,
  type Translatable,
  TranslatePipe,
  describeInviteError,
  formatShanghai,
  invitableRoles,
  invitationUrl,
  inviteContactProblem,
  mayGrantIn,
  quietContext,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { firstValueFrom } from 'rxjs';
import { CopyButton } from '../../shared/copy-button';

/**
 * Invite someone to an organisation: how to reach them, their name, the role (only those the person
 * may grant there). The answer's link is shown once, as a full address to copy and send.
 */
@Component({
  selector: 'dahe-invite-dialog',
  imports: [ReactiveFormsModule, NzAlertModule, NzButtonModule, NzFormModule, NzIconModule, NzInputModule, NzModalModule, NzRadioModule, TranslatePipe, CopyButton],
  templateUrl: './invite-dialog.html',
  styleUrl: './invite-dialog.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InviteDialog {
  private readonly api = inject(OrganisationsApiService);
  private readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);
  private readonly document = inject(DOCUMENT);
  private readonly fb = inject(NonNullableFormBuilder);

  readonly org = input.required<{ readonly id: string; readonly name: string; readonly kind: OrganisationKind }>();
  readonly closed = output<void>();
  readonly created = output<CreatedInvitationDto>();

  protected readonly roleLabels = ROLE_LABELS;
  protected readonly roleDescriptions = ROLE_DESCRIPTIONS;

  protected readonly form = this.fb.group({
    channel: this.fb.control<InviteChannel>('email'),
    email: ['', (control: AbstractControl<string>) => this.contactError('email', control)],
    mobile: ['', (control: AbstractControl<string>) => this.contactError('mobile', control)],
    displayName: ['', Validators.maxLength(100)],
    role: this.fb.control<Role | ''>('', Validators.required),
  });
  private readonly values = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });

  protected readonly roles = computed(() => {
    const org = this.org();
    return invitableRoles(org.kind, mayGrantIn(this.session.ability(), org.id));
  });
  protected readonly channel = computed(() => this.values().channel ?? 'email');
  protected readonly emailError = computed(() => inviteContactProblem('email', this.values().email ?? '') ?? 'members.invite.email.invalid');
  protected readonly mobileError = computed(() => inviteContactProblem('mobile', this.values().mobile ?? '') ?? 'members.invite.mobile.invalid');

  protected readonly submitting = signal(false);
  protected readonly error = signal<Translatable | null>(null);
  protected readonly result = signal<{ readonly invitation: CreatedInvitationDto; readonly url: string } | null>(null);
  protected readonly validUntil = computed(() => {
    const result = this.result();
    return result ? formatShanghai(result.invitation.expiresAt, this.i18n.lang()) : '';
  });

  constructor() {
    this.form.controls.channel.valueChanges.subscribe(() => {
      this.form.controls.email.updateValueAndValidity({ emitEvent: false });
      this.form.controls.mobile.updateValueAndValidity({ emitEvent: false });
    });
  }

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    const { channel, email, mobile, displayName, role } = this.form.controls;
    const needed = [channel.value === 'email' ? email : mobile, displayName, role];
    const invalid = needed.filter((control) => control.invalid);
    if (invalid.length > 0) {
      for (const control of invalid) {
        control.markAsDirty();
        control.updateValueAndValidity();
      }
      return;
    }
    const request: CreateInvitationRequest = {
      ...(channel.value === 'email' ? { email: email.value.trim() } : { mobile: mobile.value.trim() }),
      ...(displayName.value.trim() ? { displayName: displayName.value.trim() } : {}),
      role: role.value as Role,
    };
    this.submitting.set(true);
    this.error.set(null);
    try {
      const invitation = await firstValueFrom(this.api.invite(this.org().id, request, { context: quietContext() }));
      const url = invitationUrl(this.document.location.origin, invitation.link);
      if (!url) throw new Error('unexpected invitation link');
      this.result.set({ invitation, url });
      this.created.emit(invitation);
    } catch (error: unknown) {
      this.error.set(
        error instanceof HttpErrorResponse
          ? describeInviteError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER))
          : { key: 'error.invalidResponse' },
      );
    } finally {
      this.submitting.set(false);
    }
  }

  /** Another invitation: the same channel and role, new person. */
  protected another(): void {
    this.result.set(null);
    this.error.set(null);
    this.form.reset({ channel: this.form.controls.channel.value, role: this.form.controls.role.value });
  }

  protected close(): void {
    this.closed.emit();
  }

  private contactError(channel: InviteChannel, control: AbstractControl<string>): ValidationErrors | null {
    if (!this.form || this.form.controls.channel.value !== channel) return null;
    return inviteContactProblem(channel, control.value) ? { contact: true } : null;
  }
}
