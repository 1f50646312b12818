import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import type { InvitationDto, MemberDto, OrganisationDto, OrganisationSummary } from '@dahe/shared/contracts';
import { REQUEST_ID_HEADER } from '@dahe/shared/contracts';
import {
  I18nService,
  INVITATION_STATUS_COLORS,
  INVITATION_STATUS_LABELS,
  MEMBER_STATUS_LABELS,
  ORG_KIND_LABELS,
  OrganisationsApiService,
  SessionService,
  type Translatable,
  TranslatePipe,
  describeMemberChangeError,
  formatShanghai,
  memberActions,
  membersPageAbilities,
  navItemsOf,
  quietContext,
  roleLabel,
  sortMembers,
  subtreeOf,
  describeRequestError,
} from '@dahe/web/core';
import { subject } from '@dahe/shared/authz';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule, NzModalService } from 'ng-zorro-antd/modal';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzTooltipModule } from 'ng-zorro-antd/tooltip';
import { firstValueFrom } from 'rxjs';
import { InviteDialog } from './invite-dialog';
import { MemberEditDialog } from './member-edit-dialog';

/** The organisation whose members are shown. */
interface SelectedOrg {
  readonly id: string;
  readonly name: string;
  readonly kind: OrganisationSummary['kind'];
}

interface OrgOption extends SelectedOrg {
  readonly depth: number;
}

type LoadState<T> = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly value: T } | { readonly kind: 'error'; readonly message: Translatable };

/**
 * Members of the active organisation, or of one below it for province and supervising-unit staff
 * who may read them: roles, status, lock-outs; editing, removing and inviting as the ability allows
 * (the API decides again on every request).
 */
@Component({
  selector: 'dahe-members-page',
  imports: [
    FormsModule,
    NzAlertModule,
    NzButtonModule,
    NzCardModule,
    NzIconModule,
    NzModalModule,
    NzRadioModule,
    NzSelectModule,
    NzSpinModule,
    NzTagModule,
    NzTooltipModule,
    TranslatePipe,
    InviteDialog,
    MemberEditDialog,
  ],
  templateUrl: './members-page.html',
  styleUrl: './members-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MembersPage {
  private readonly api = inject(OrganisationsApiService);
  protected readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);
  private readonly messages = inject(NzMessageService);
  private readonly modal = inject(NzModalService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly orgKindLabels = ORG_KIND_LABELS;
  protected readonly memberStatusLabels = MEMBER_STATUS_LABELS;
  protected readonly invitationStatusLabels = INVITATION_STATUS_LABELS;
  protected readonly invitationStatusColors = INVITATION_STATUS_COLORS;
  protected readonly roleLabel = roleLabel;

  /** Organisations below the active one (province and supervising-unit staff only). */
  private readonly organisations = signal<OrganisationDto[]>([]);
  /** Chosen in the selector; undefined = the active organisation. */
  private readonly chosenOrgId = signal<string | undefined>(this.route.snapshot.queryParamMap.get('org') ?? undefined);

  protected readonly members = signal<LoadState<MemberDto[]>>({ kind: 'loading' });
  protected readonly invitations = signal<LoadState<InvitationDto[]> | null>(null);
  protected readonly invitationFilter = signal<'pending' | 'all'>('pending');
  protected readonly editing = signal<MemberDto | null>(null);
  protected readonly inviting = signal(false);

  private readonly me = computed(() => this.session.me());

  /** The organisations whose members the person may read: the active one first, then those below it. */
  protected readonly orgOptions = computed<OrgOption[]>(() => {
    const me = this.me();
    if (!me) return [];
    const active = me.activeOrganisation;
    const below = subtreeOf(this.organisations(), active.id)
      .filter(({ org }) => org.id !== active.id && this.session.can('read', subject('Membership', { orgId: org.id })))
      .map(({ org, depth }) => ({ id: org.id, name: org.name, kind: org.kind, depth }));
    return [{ id: active.id, name: active.name, kind: active.kind, depth: 0 }, ...below];
  });

  protected readonly selected = computed<SelectedOrg | null>(
    () => {
      const options = this.orgOptions();
      const chosen = this.chosenOrgId();
      return options.find((option) => option.id === chosen) ?? options[0] ?? null;
    },
    // The same organisation again (the list reloaded) is no reason to reload its members.
    { equal: (a, b) => a?.id === b?.id && a?.name === b?.name && a?.kind === b?.kind },
  );

  protected readonly abilities = computed(
    () => {
      const org = this.selected();
      return org ? membersPageAbilities(this.session.ability(), org.id) : { read: false, invite: false, manage: false };
    },
    { equal: (a, b) => a.read === b.read && a.invite === b.invite && a.manage === b.manage },
  );

  protected readonly rows = computed(() => {
    const state = this.members();
    const org = this.selected();
    const me = this.me();
    if (state.kind !== 'ready' || !org) return [];
    const ability = this.session.ability();
    return sortMembers(state.value).map((member) => ({
      member,
      actions: memberActions(ability, org.id, me?.user.id, member),
      lockedUntil: member.lockedUntil ? formatShanghai(member.lockedUntil, this.i18n.lang()) : undefined,
    }));
  });
  protected readonly anyActions = computed(() => this.rows().some((row) => row.actions.edit || row.actions.remove));

  protected readonly invitationRows = computed(() => {
    const state = this.invitations();
    if (state?.kind !== 'ready') return [];
    const filter = this.invitationFilter();
    const lang = this.i18n.lang();
    return state.value
      .filter((invitation) => filter === 'all' || invitation.status === 'pending')
      .map((invitation) => ({
        invitation,
        created: formatShanghai(invitation.createdAt, lang),
        expires: formatShanghai(invitation.expiresAt, lang),
      }));
  });
  protected readonly invitationCounts = computed(() => {
    const state = this.invitations();
    const all = state?.kind === 'ready' ? state.value : [];
    return { pending: all.filter((invitation) => invitation.status === 'pending').length, all: all.length };
  });

  constructor() {
    // The organisations below: only for those who have some (province and supervising units).
    effect(() => {
      const me = this.me();
      if (!me) return;
      const hasBelow = navItemsOf(this.session.ability(), { userId: me.user.id, orgId: me.activeOrganisation.id }).some(
        (item) => item.id === 'organisations',
      );
      untracked(() => {
        this.organisations.set([]);
        if (hasBelow) void this.loadOrganisations();
      });
    });
    // Members and invitations of the selected organisation, again whenever it changes.
    effect(() => {
      const org = this.selected();
      const invite = this.abilities().invite;
      if (!org) return;
      untracked(() => void this.load(org.id, invite));
    });
  }

  protected choose(orgId: string): void {
    this.chosenOrgId.set(orgId);
    const active = this.me()?.activeOrganisation.id;
    void this.router.navigate([], { queryParams: { org: orgId === active ? null : orgId }, replaceUrl: true });
  }

  protected reload(): void {
    const org = this.selected();
    if (org) void this.load(org.id, this.abilities().invite);
  }

  protected edit(member: MemberDto): void {
    this.editing.set(member);
  }

  protected edited(members: MemberDto[]): void {
    this.members.set({ kind: 'ready', value: members });
    this.editing.set(null);
  }

  protected confirmRemove(member: MemberDto): void {
    const org = this.selected();
    if (!org) return;
    const name = member.displayName || member.username;
    this.modal.confirm({
      nzTitle: this.i18n.t('members.remove.title'),
      nzContent: this.i18n.t('members.remove.confirm', { name, org: org.name }),
      nzOkText: this.i18n.t('members.remove.ok'),
      nzOkDanger: true,
      nzCancelText: this.i18n.t('common.cancel'),
      nzOnOk: () => this.remove(org.id, member, name),
    });
  }

  protected invited(): void {
    const org = this.selected();
    if (org) void this.loadInvitations(org.id);
  }

  protected confirmRevoke(invitation: InvitationDto): void {
    const org = this.selected();
    if (!org) return;
    this.modal.confirm({
      nzTitle: this.i18n.t('members.invitations.revoke.title'),
      nzContent: this.i18n.t('members.invitations.revoke.confirm'),
      nzOkText: this.i18n.t('members.invitations.revoke'),
      nzOkDanger: true,
      nzCancelText: this.i18n.t('common.cancel'),
      nzOnOk: async () => {
        try {
          await firstValueFrom(this.api.revokeInvitation(org.id, invitation.id));
          this.messages.success(this.i18n.t('members.invitations.revoked'));
        } catch {
          // The interceptor has said why.
        }
        await this.loadInvitations(org.id);
      },
    });
  }

  private async remove(orgId: string, member: MemberDto, name: string): Promise<void> {
    try {
      await firstValueFrom(this.api.removeMember(orgId, member.userId, { context: quietContext() }));
      this.messages.success(this.i18n.t('members.removed', { name }));
      await this.load(orgId, this.abilities().invite);
    } catch (error: unknown) {
      const message =
        error instanceof HttpErrorResponse
          ? describeMemberChangeError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER))
          : { key: 'error.invalidResponse' as const };
      this.messages.error(this.i18n.t(message.key, message.params));
    }
  }

  private async loadOrganisations(): Promise<void> {
    try {
      this.organisations.set(await firstValueFrom(this.api.list()));
    } catch {
      this.organisations.set([]); // The selector then offers the active organisation only.
    }
  }

  private async load(orgId: string, withInvitations: boolean): Promise<void> {
    this.members.set({ kind: 'loading' });
    this.invitations.set(withInvitations ? { kind: 'loading' } : null);
    const invitations = withInvitations ? this.loadInvitations(orgId) : Promise.resolve();
    try {
      const members = await firstValueFrom(this.api.members(orgId, { context: quietContext() }));
      if (this.selected()?.id === orgId) this.members.set({ kind: 'ready', value: members });
    } catch (error: unknown) {
      if (this.selected()?.id === orgId) this.members.set({ kind: 'error', message: describeRequestError(error) });
    }
    await invitations;
  }

  private async loadInvitations(orgId: string): Promise<void> {
    try {
      const invitations = await firstValueFrom(this.api.invitations(orgId, { context: quietContext() }));
      if (this.selected()?.id === orgId) this.invitations.set({ kind: 'ready', value: invitations });
    } catch (error: unknown) {
      if (this.selected()?.id === orgId) this.invitations.set({ kind: 'error', message: describeRequestError(error) });
    }
  }
}
