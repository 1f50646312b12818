import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { type MemberDto, type MembershipStatus, type OrganisationKind, REQUEST_ID_HEADER, type Role } from '@dahe/shared/contracts';
import {
  I18nService,
  OrganisationsApiService,
  SessionService,
  type Translatable,
  TranslatePipe,
  describeMemberChangeError,
  mayGrantIn,
  quietContext,
  roleOptionsFor,
  roleSelectionProblem,
  rolesToSave,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCheckboxModule } from 'ng-zorro-antd/checkbox';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { firstValueFrom } from 'rxjs';

/**
 * A member's roles (the roles this kind of organisation can hold; those the person may not grant are
 * shown but locked) and status. Mistakes the rules forbid are said before asking the server.
 */
@Component({
  selector: 'dahe-member-edit-dialog',
  imports: [FormsModule, NzAlertModule, NzButtonModule, NzCheckboxModule, NzIconModule, NzModalModule, NzRadioModule, TranslatePipe],
  templateUrl: './member-edit-dialog.html',
  styleUrl: './member-edit-dialog.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MemberEditDialog {
  private readonly api = inject(OrganisationsApiService);
  private readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);
  private readonly messages = inject(NzMessageService);

  readonly org = input.required<{ readonly id: string; readonly name: string; readonly kind: OrganisationKind }>();
  readonly member = input.required<MemberDto>();
  readonly closed = output<void>();
  readonly saved = output<MemberDto[]>();

  /** What the person ticked; starts as the member's roles. */
  private readonly ticked = signal<readonly Role[] | null>(null);
  private readonly statusChoice = signal<MembershipStatus | null>(null);

  protected readonly mayGrant = computed(() => mayGrantIn(this.session.ability(), this.org().id, this.member().userId));
  protected readonly options = computed(() => roleOptionsFor(this.org().kind, this.mayGrant()));
  protected readonly wanted = computed(() => this.ticked() ?? this.member().roles);
  protected readonly status = computed(() => this.statusChoice() ?? this.member().status);
  protected readonly roles = computed(() => rolesToSave(this.org().kind, this.member().roles, this.wanted(), this.mayGrant()));
  protected readonly problem = computed(() => roleSelectionProblem(this.org().kind, this.roles()));
  protected readonly unchanged = computed(() => {
    const before = [...this.member().roles].sort().join();
    return before === [...this.roles()].sort().join() && this.status() === this.member().status;
  });
  /** Roles of the member this organisation kind cannot hold (data from before a rule change). */
  protected readonly foreignRoles = computed(() => this.member().roles.filter((role) => !this.options().some((option) => option.role === role)));

  protected readonly submitting = signal(false);
  protected readonly error = signal<Translatable | null>(null);

  protected isChecked(role: Role): boolean {
    return this.wanted().includes(role);
  }

  protected toggle(role: Role, checked: boolean): void {
    const current = this.wanted();
    this.ticked.set(checked ? [...current.filter((r) => r !== role), role] : current.filter((r) => r !== role));
    this.error.set(null);
  }

  protected setStatus(status: MembershipStatus): void {
    this.statusChoice.set(status);
    this.error.set(null);
  }

  protected async save(): Promise<void> {
    if (this.submitting() || this.problem() || this.unchanged()) return;
    const member = this.member();
    this.submitting.set(true);
    this.error.set(null);
    try {
      const members = await firstValueFrom(
        this.api.updateMember(this.org().id, member.userId, { roles: this.roles(), status: this.status() }, { context: quietContext() }),
      );
      this.messages.success(this.i18n.t('members.edit.saved', { name: member.displayName || member.username }));
      this.saved.emit(members);
    } catch (error: unknown) {
      this.error.set(
        error instanceof HttpErrorResponse
          ? describeMemberChangeError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER))
          : { key: 'error.invalidResponse' },
      );
    } finally {
      this.submitting.set(false);
    }
  }

  protected close(): void {
    this.closed.emit();
  }
}
