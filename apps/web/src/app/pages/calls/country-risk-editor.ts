import { ChangeDetectionStrategy, Component, computed, inject, model, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { CountryRiskLevel } from '@dahe/shared/contracts';
import { countryOptions } from '@dahe/shared/form';
import { I18nService, RISK_LEVELS, RISK_LEVEL_COLORS, RISK_LEVEL_LABELS, TranslatePipe, riskEntries, withRisk, withoutRisk } from '@dahe/web/core';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTagModule } from 'ng-zorro-antd/tag';

/**
 * The call's country risk list (危地不往、乱地不去): pick a country by its name (searchable, in the
 * interface language) and a level, add it; change a level or remove a country in the list below.
 */
@Component({
  selector: 'dahe-country-risk-editor',
  imports: [FormsModule, NzButtonModule, NzIconModule, NzRadioModule, NzSelectModule, NzTagModule, TranslatePipe],
  templateUrl: './country-risk-editor.html',
  styleUrl: './country-risk-editor.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CountryRiskEditor {
  private readonly i18n = inject(I18nService);

  /** ISO alpha-2 → level. */
  readonly value = model.required<Readonly<Record<string, CountryRiskLevel>>>();

  protected readonly levels = RISK_LEVELS;
  protected readonly levelLabels = RISK_LEVEL_LABELS;
  protected readonly levelColors = RISK_LEVEL_COLORS;

  protected readonly chosen = signal<string | null>(null);
  protected readonly level = signal<CountryRiskLevel>('caution');
  protected readonly needCountry = signal(false);

  private readonly allOptions = computed(() => countryOptions(this.i18n.lang()));
  /** The countries not yet listed, labelled with their code so either can be searched. */
  protected readonly options = computed(() => {
    const listed = this.value();
    const zh = this.i18n.lang() === 'zh-CN';
    return this.allOptions()
      .filter((option) => !Object.hasOwn(listed, option.code))
      .map((option) => ({ code: option.code, label: zh ? `${option.name}（${option.code}）` : `${option.name} (${option.code})` }));
  });
  protected readonly entries = computed(() => riskEntries(this.value(), this.i18n.lang()));

  protected choose(code: string | null): void {
    this.chosen.set(code);
    if (code) this.needCountry.set(false);
  }

  protected add(): void {
    const code = this.chosen();
    if (!code) {
      this.needCountry.set(true);
      return;
    }
    this.value.set(withRisk(this.value(), code, this.level()));
    this.chosen.set(null);
  }

  protected change(code: string, level: CountryRiskLevel): void {
    this.value.set(withRisk(this.value(), code, level));
  }

  protected remove(code: string): void {
    this.value.set(withoutRisk(this.value(), code));
  }
}
