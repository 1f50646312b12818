import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { I18nService, TranslatePipe, formatShanghai } from '@dahe/web/core';
import { type IssueSection, type ValidationIssue, type ValidationReport, type ValidationWarning, ISSUE_SECTIONS, isSectionKey, issueMessage, sectionHeading } from '@dahe/shared/form';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzSpinModule } from 'ng-zorro-antd/spin';

interface IssueGroup {
  readonly section: IssueSection;
  readonly heading: string;
  readonly items: { readonly issue: ValidationIssue | ValidationWarning; readonly text: string; readonly warning: boolean }[];
}

/**
 * The server's validation report (it decides "ready to sign"): every failure under its section, each a
 * link to the place; warnings apart. Refreshed by the page after saves and evidence changes.
 */
@Component({
  selector: 'dahe-validation-panel',
  imports: [NzAlertModule, NzButtonModule, NzIconModule, NzSpinModule, TranslatePipe],
  template: `
    <div class="head">
      <span class="checked">
        @if (checkedAt()) {
          {{ 'editor.validation.checkedAt' | t: { time: checkedAtText() } }}
        }
      </span>
      <button nz-button nzType="link" nzSize="small" type="button" data-testid="validation-refresh" [nzLoading]="loading()" (click)="refresh.emit()">
        <nz-icon nzType="reload" />
        {{ 'editor.validation.refresh' | t }}
      </button>
    </div>
    @if (report(); as report) {
      @if (report.ready) {
        <nz-alert nzType="success" nzShowIcon data-testid="validation-ready" [nzMessage]="'editor.validation.ready' | t" />
      } @else {
        <nz-alert nzType="error" nzShowIcon data-testid="validation-not-ready" [nzMessage]="'editor.validation.notReady' | t: { count: report.issues.length }" />
      }
      @for (group of groups(); track group.section) {
        <h4 class="group">{{ group.heading }}</h4>
        <ul class="issues" data-testid="validation-issues">
          @for (item of group.items; track $index) {
            <li [class.warning]="item.warning">
              <a
                href="#"
                data-testid="issue-link"
                [attr.data-section]="item.issue.section"
                [attr.data-field]="item.issue.field ?? ''"
                [attr.data-code]="item.issue.code"
                (click)="$event.preventDefault(); go.emit(item.issue)"
              >
                <nz-icon [nzType]="item.warning ? 'warning' : 'exclamation-circle'" />
                {{ item.text }}
              </a>
            </li>
          }
        </ul>
      }
    } @else if (loading()) {
      <nz-spin nzSimple />
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .head {
      display: flex;
      justify-content: space-between;
      align-items: center;
      margin-bottom: 8px;
      color: var(--dahe-text-secondary);
      font-size: 12px;
    }
    .group {
      margin: 14px 0 4px;
      font-size: 13px;
      font-weight: 600;
    }
    .issues {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .issues li {
      margin: 2px 0;
      font-size: 13px;
      line-height: 1.6;
    }
    .issues a {
      display: block;
      padding: 2px 4px;
      border-radius: 4px;
      color: #a8071a;
    }
    .issues a:hover {
      background: #fff1f0;
    }
    .issues li.warning a {
      color: #ad6800;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ValidationPanel {
  private readonly i18n = inject(I18nService);

  readonly report = input<ValidationReport | null>(null);
  readonly loading = input(false);
  readonly checkedAt = input<Date | null>(null);
  readonly go = output<ValidationIssue | ValidationWarning>();
  readonly refresh = output<void>();

  protected readonly checkedAtText = computed(() => {
    const at = this.checkedAt();
    return at ? formatShanghai(at, this.i18n.lang()) : '';
  });

  protected readonly groups = computed<IssueGroup[]>(() => {
    const report = this.report();
    const lang = this.i18n.lang();
    if (!report) return [];
    const all = [...report.issues.map((issue) => ({ issue, warning: false })), ...(report.warnings ?? []).map((issue) => ({ issue, warning: true }))];
    return ISSUE_SECTIONS.map((section) => ({
      section,
      heading: isSectionKey(section) ? sectionHeading(section, lang) : this.i18n.t('editor.validation.evidence'),
      items: all.filter((entry) => entry.issue.section === section).map((entry) => ({ ...entry, text: issueMessage(entry.issue, lang) })),
    })).filter((group) => group.items.length > 0);
  });
}
