import { NgTemplateOutlet } from '@angular/common';
import { HttpContext, HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { REQUEST_ID_HEADER, type SectionCommentDto } from '@dahe/shared/contracts';
import {
  CollaborationApiService,
  type CommentThread,
  I18nService,
  type MentionCandidate,
  NOTIFY_HTTP_ERRORS,
  OrganisationsApiService,
  type Translatable,
  TranslatePipe,
  commentSnippet,
  commentThreads,
  describeHttpError,
  formatShanghai,
  mentionSegments,
  mentionedUserIds,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import type { Subscription } from 'rxjs';
import { MentionInput } from './mention-input';

let nextId = 0;

type Load<T> = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly value: T } | { readonly kind: 'error'; readonly message: Translatable };

/** Where an action failed: the new-thread box, or a thread (by its first comment). */
interface ActionError {
  readonly scope: string;
  readonly message: Translatable;
}

const MAX_BODY = 5000;

function describe(error: unknown): Translatable {
  if (!(error instanceof HttpErrorResponse)) return describeHttpError(0, null);
  // The API's 400 for a mention outside the school says exactly that.
  if (error.status === 400 && /mention/i.test(String((error.error as { message?: unknown } | null)?.message ?? ''))) return { key: 'collab.comments.error.mention' };
  const { key, params } = describeHttpError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER));
  return { key, params };
}

/** Comment threads on one section: new thread, reply, @mention school members, resolve and reopen. */
@Component({
  selector: 'dahe-section-comments',
  imports: [MentionInput, NgTemplateOutlet, NzAlertModule, NzButtonModule, NzIconModule, NzSpinModule, NzTagModule, TranslatePipe],
  templateUrl: './section-comments.html',
  styleUrl: './section-comments.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SectionComments {
  private readonly api = inject(CollaborationApiService);
  private readonly organisations = inject(OrganisationsApiService);
  private readonly i18n = inject(I18nService);
  private readonly destroyRef = inject(DestroyRef);

  readonly applicationId = input.required<string>();
  readonly sectionKey = input.required<string>();
  /** The school whose members can be @mentioned. */
  readonly orgId = input.required<string>();

  protected readonly uid = `dahe-comments-${++nextId}`;
  protected readonly state = signal<Load<SectionCommentDto[]>>({ kind: 'loading' });
  protected readonly members = signal<readonly MentionCandidate[]>([]);
  protected readonly draft = signal('');
  protected readonly replyTo = signal<string | null>(null);
  protected readonly replyDraft = signal('');
  /** Resolved threads the person opened (by first comment id). */
  protected readonly expanded = signal<ReadonlySet<string>>(new Set());
  /** What is being sent: 'new', or the first comment id of the thread. */
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<ActionError | null>(null);
  protected readonly maxBody = MAX_BODY;

  private readonly names = computed(() => new Map(this.members().map((m) => [m.userId, m.name])));
  protected readonly threads = computed(() => {
    const state = this.state();
    const lang = this.i18n.lang();
    const names = this.names();
    const view = (comment: SectionCommentDto) => ({
      ...comment,
      time: formatShanghai(comment.createdAt, lang),
      segments: mentionSegments(comment.body, comment.mentions.map((id) => names.get(id) ?? '')),
    });
    return (state.kind === 'ready' ? commentThreads(state.value) : []).map((thread: CommentThread) => ({
      ...thread,
      root: view(thread.root),
      replies: thread.replies.map(view),
      snippet: commentSnippet(thread.root.body),
      resolvedTime: thread.root.resolvedAt ? formatShanghai(thread.root.resolvedAt, lang) : '',
    }));
  });
  protected readonly open = computed(() => this.threads().filter((t) => !t.resolved));
  protected readonly resolved = computed(() => this.threads().filter((t) => t.resolved));

  private loading: Subscription | undefined;

  constructor() {
    this.destroyRef.onDestroy(() => this.loading?.unsubscribe());
    effect(() => {
      const id = this.applicationId();
      const key = this.sectionKey();
      untracked(() => {
        this.state.set({ kind: 'loading' });
        this.replyTo.set(null);
        this.error.set(null);
        this.load(id, key);
      });
    });
    effect(() => {
      const orgId = this.orgId();
      untracked(() => this.loadMembers(orgId));
    });
  }

  protected errorFor(scope: string): Translatable | null {
    const error = this.error();
    return error?.scope === scope ? error.message : null;
  }

  protected reload(): void {
    this.load(this.applicationId(), this.sectionKey());
  }

  protected post(): void {
    this.send('new', this.draft(), undefined);
  }

  protected reply(rootId: string): void {
    this.send(rootId, this.replyDraft(), rootId);
  }

  protected startReply(rootId: string): void {
    this.error.set(null);
    this.replyDraft.set('');
    this.replyTo.set(rootId);
  }

  protected toggle(rootId: string): void {
    const next = new Set(this.expanded());
    if (next.has(rootId)) next.delete(rootId);
    else next.add(rootId);
    this.expanded.set(next);
  }

  protected setResolved(rootId: string, resolved: boolean): void {
    if (this.busy()) return;
    this.busy.set(rootId);
    this.error.set(null);
    this.api
      .setResolved(this.applicationId(), this.sectionKey(), rootId, resolved)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (comments) => {
          this.busy.set(null);
          this.state.set({ kind: 'ready', value: comments });
          if (!resolved) this.toggleOff(rootId);
          if (resolved && this.replyTo() === rootId) this.replyTo.set(null);
        },
        error: (error: unknown) => {
          this.busy.set(null);
          this.error.set({ scope: rootId, message: describe(error) });
        },
      });
  }

  private toggleOff(rootId: string): void {
    const next = new Set(this.expanded());
    next.delete(rootId);
    this.expanded.set(next);
  }

  private send(scope: string, text: string, replyTo: string | undefined): void {
    const body = text.trim();
    if (!body || this.busy()) return;
    if (body.length > MAX_BODY) {
      this.error.set({ scope, message: { key: 'collab.comments.error.tooLong', params: { max: MAX_BODY } } });
      return;
    }
    this.busy.set(scope);
    this.error.set(null);
    const mentions = mentionedUserIds(body, this.members());
    this.api
      .addComment(this.applicationId(), this.sectionKey(), { body, ...(replyTo ? { replyTo } : {}), ...(mentions.length ? { mentions } : {}) })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (comment) => {
          this.busy.set(null);
          const state = this.state();
          this.state.set({ kind: 'ready', value: [...(state.kind === 'ready' ? state.value : []), comment] });
          if (replyTo) {
            this.replyDraft.set('');
            this.replyTo.set(null);
          } else this.draft.set('');
        },
        error: (error: unknown) => {
          this.busy.set(null);
          this.error.set({ scope, message: describe(error) });
        },
      });
  }

  private load(id: string, key: string): void {
    this.loading?.unsubscribe();
    this.loading = this.api.comments(id, key).subscribe({
      next: (comments) => this.state.set({ kind: 'ready', value: comments }),
      error: (error: unknown) => this.state.set({ kind: 'error', message: describe(error) }),
    });
  }

  private loadMembers(orgId: string): void {
    if (!orgId) {
      this.members.set([]);
      return;
    }
    // Suggestions only: someone who may not list the school's members simply gets none.
    this.organisations
      .members(orgId, { context: new HttpContext().set(NOTIFY_HTTP_ERRORS, false) })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (members) =>
          this.members.set(members.filter((m) => m.status === 'active').map((m) => ({ userId: m.userId, name: m.displayName || m.username, username: m.username }))),
        error: () => this.members.set([]),
      });
  }
}
