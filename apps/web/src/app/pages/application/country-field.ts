import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { I18nService, TranslatePipe, countryRiskOf, matchesCountry } from '@dahe/web/core';
import { countryName, countryOptions, issueMessage } from '@dahe/shared/form';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTagModule } from 'ng-zorro-antd/tag';

/**
 * 所在国家: a searchable select of every country named in the interface language (search by either
 * language's name or the ISO code), screened against the call's risk list as the validation does:
 * `caution` warns, `prohibited` is an error with the notice's reason (危地不往、乱地不去) and blocks
 * "ready to sign".
 */
@Component({
  selector: 'dahe-country-field',
  imports: [FormsModule, NzAlertModule, NzSelectModule, NzTagModule, TranslatePipe],
  template: `
    <nz-select
      class="country-select"
      data-testid="country-select"
      nzShowSearch
      nzAllowClear
      [nzId]="inputId()"
      [nzDisabled]="disabled()"
      [nzPlaceHolder]="'editor.country.placeholder' | t"
      [nzFilterOption]="filter"
      [ngModel]="value() || null"
      (ngModelChange)="changed.emit($event ?? '')"
    >
      @for (option of options(); track option.code) {
        <nz-option nzCustomContent [nzValue]="option.code" [nzLabel]="option.name">
          <span class="country-option" [attr.data-code]="option.code">
            <span>{{ option.name }}</span>
            <span class="country-meta">
              <span class="mono">{{ option.code }}</span>
              @if (option.risk === 'prohibited') {
                <nz-tag nzColor="red">{{ 'editor.country.risk.prohibited' | t }}</nz-tag>
              } @else if (option.risk === 'caution') {
                <nz-tag nzColor="orange">{{ 'editor.country.risk.caution' | t }}</nz-tag>
              }
            </span>
          </span>
        </nz-option>
      }
    </nz-select>
    @if (risk() === 'prohibited') {
      <nz-alert
        class="country-alert"
        nzType="error"
        nzShowIcon
        data-testid="country-prohibited"
        [nzMessage]="'editor.country.prohibited.title' | t: { country: name() }"
        [nzDescription]="prohibitedText()"
      />
    } @else if (risk() === 'caution') {
      <nz-alert
        class="country-alert"
        nzType="warning"
        nzShowIcon
        data-testid="country-caution"
        [nzMessage]="'editor.country.caution.title' | t: { country: name() }"
        [nzDescription]="cautionText()"
      />
    } @else if (value() && risk() === undefined) {
      <p class="country-note" data-testid="country-unlisted">{{ unlistedText() }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .country-select {
      width: 100%;
      max-width: 360px;
    }
    .country-option {
      display: flex;
      justify-content: space-between;
      gap: 8px;
    }
    .country-meta {
      color: var(--dahe-text-secondary);
      font-size: 12px;
    }
    .country-meta nz-tag {
      margin: 0 0 0 6px;
    }
    .country-alert {
      margin-top: 8px;
    }
    .country-note {
      margin: 6px 0 0;
      color: var(--dahe-text-secondary);
      font-size: 13px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CountryField {
  private readonly i18n = inject(I18nService);

  readonly value = input<string>('');
  readonly countryRisk = input<Readonly<Record<string, string>>>({});
  readonly disabled = input(false);
  readonly inputId = input<string>('');
  readonly changed = output<string>();

  protected readonly options = computed(() => {
    const risk = this.countryRisk();
    return countryOptions(this.i18n.lang()).map((option) => ({ ...option, risk: countryRiskOf(risk, option.code) }));
  });
  protected readonly risk = computed(() => countryRiskOf(this.countryRisk(), this.value()));
  protected readonly name = computed(() => (this.value() ? countryName(this.value(), this.i18n.lang()) : ''));
  protected readonly prohibitedText = computed(() => issueMessage({ section: 'basic_info', field: 'countryCode', code: 'country_prohibited' }, this.i18n.lang()));
  protected readonly cautionText = computed(() => issueMessage({ section: 'basic_info', field: 'countryCode', code: 'country_caution' }, this.i18n.lang()));
  protected readonly unlistedText = computed(() => issueMessage({ section: 'basic_info', field: 'countryCode', code: 'country_unlisted' }, this.i18n.lang()));

  /** Search by the shown name, the other language's name, or the code. */
  protected readonly filter = (search: string, option: { nzValue: unknown; nzLabel: string | number | null }): boolean => {
    const code = String(option.nzValue ?? '');
    const other = countryName(code, this.i18n.lang() === 'en' ? 'zh-CN' : 'en');
    return matchesCountry(search, { code, name: String(option.nzLabel ?? '') }, other);
  };
}
