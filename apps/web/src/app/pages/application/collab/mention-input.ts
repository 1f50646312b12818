import { ChangeDetectionStrategy, Component, type ElementRef, computed, input, model, output, signal, viewChild } from '@angular/core';
import { type MentionCandidate, type MentionQuery, filterMentionCandidates, insertMention, mentionQueryAt } from '@dahe/web/core';

let nextId = 0;

/**
 * A comment box where typing `@` offers the school's members (arrow keys, Enter or Tab to pick,
 * Escape to close); Ctrl+Enter sends. The picked name stays in the text as `@name`.
 */
@Component({
  selector: 'dahe-mention-input',
  template: `
    <div class="wrap">
      <textarea
        #area
        class="ant-input"
        aria-autocomplete="list"
        [attr.aria-label]="label()"
        [attr.aria-controls]="listId"
        [attr.aria-activedescendant]="open() ? listId + '-' + active() : null"
        [attr.data-testid]="testId()"
        [attr.maxlength]="maxLength()"
        [rows]="rows()"
        [placeholder]="placeholder()"
        [disabled]="disabled()"
        [value]="value()"
        (input)="changed()"
        (keydown)="keydown($event)"
        (click)="track()"
        (keyup)="keyup($event)"
        (blur)="query.set(null)"
      ></textarea>
      <ul class="suggestions" role="listbox" [id]="listId" [hidden]="!open()" [attr.aria-label]="label()" data-testid="mention-suggestions">
        @for (candidate of suggestions(); track candidate.userId; let i = $index) {
          <li
            role="option"
            tabindex="-1"
            class="suggestion"
            data-testid="mention-option"
            [id]="listId + '-' + i"
            [attr.aria-selected]="i === active()"
            [attr.data-user]="candidate.username ?? candidate.userId"
            [class.active]="i === active()"
            (mousedown)="$event.preventDefault()"
            (click)="pick(candidate)"
            (keydown.enter)="pick(candidate)"
          >
            <span class="name">{{ candidate.name }}</span>
            @if (candidate.username) {
              <span class="username">{{ candidate.username }}</span>
            }
          </li>
        }
      </ul>
    </div>
  `,
  styles: `
    .wrap {
      position: relative;
    }
    textarea {
      display: block;
      width: 100%;
      resize: vertical;
    }
    .suggestions {
      position: absolute;
      z-index: 20;
      left: 0;
      right: 0;
      top: 100%;
      margin: 2px 0 0;
      padding: 4px 0;
      list-style: none;
      background: #fff;
      border-radius: 6px;
      box-shadow: 0 6px 16px rgba(0, 0, 0, 0.12), 0 3px 6px -4px rgba(0, 0, 0, 0.12);
      max-height: 220px;
      overflow-y: auto;
    }
    .suggestion {
      display: flex;
      justify-content: space-between;
      gap: 8px;
      padding: 5px 12px;
      cursor: pointer;
    }
    .suggestion.active,
    .suggestion:hover {
      background: #e6f4ff;
    }
    .username {
      color: var(--dahe-text-secondary);
      font-size: 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MentionInput {
  readonly value = model('');
  readonly candidates = input<readonly MentionCandidate[]>([]);
  readonly label = input.required<string>();
  readonly placeholder = input('');
  readonly testId = input<string | null>(null);
  readonly rows = input(3);
  readonly maxLength = input(5000);
  readonly disabled = input(false);
  /** Ctrl+Enter (or ⌘+Enter). */
  readonly send = output<void>();

  protected readonly listId = `dahe-mention-${++nextId}`;
  protected readonly query = signal<MentionQuery | null>(null);
  protected readonly active = signal(0);
  protected readonly suggestions = computed(() => {
    const query = this.query();
    return query ? filterMentionCandidates(this.candidates(), query.query) : [];
  });
  protected readonly open = computed(() => this.suggestions().length > 0);
  private readonly area = viewChild.required<ElementRef<HTMLTextAreaElement>>('area');

  focus(): void {
    this.area().nativeElement.focus();
  }

  protected changed(): void {
    this.value.set(this.area().nativeElement.value);
    this.track();
  }

  /** Follows the caret: is an `@name` being typed there? */
  protected track(): void {
    const area = this.area().nativeElement;
    const query = area.selectionStart === area.selectionEnd ? mentionQueryAt(area.value, area.selectionStart) : null;
    if (query?.start !== this.query()?.start) this.active.set(0);
    this.query.set(query);
  }

  protected keyup(event: KeyboardEvent): void {
    if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) this.track();
  }

  protected keydown(event: KeyboardEvent): void {
    if (this.open()) {
      const count = this.suggestions().length;
      switch (event.key) {
        case 'ArrowDown':
          event.preventDefault();
          this.active.set((this.active() + 1) % count);
          return;
        case 'ArrowUp':
          event.preventDefault();
          this.active.set((this.active() - 1 + count) % count);
          return;
        case 'Enter':
        case 'Tab': {
          const candidate = this.suggestions()[this.active()];
          if (candidate && !event.isComposing) {
            event.preventDefault();
            this.pick(candidate);
          }
          return;
        }
        case 'Escape':
          event.preventDefault();
          event.stopPropagation();
          this.query.set(null);
          return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.send.emit();
    }
  }

  protected pick(candidate: MentionCandidate): void {
    const query = this.query();
    const area = this.area().nativeElement;
    if (!query) return;
    const next = insertMention(area.value, query, area.selectionStart, candidate.name);
    area.value = next.text;
    this.value.set(next.text);
    this.query.set(null);
    area.focus();
    area.setSelectionRange(next.caret, next.caret);
  }
}
