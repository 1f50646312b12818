import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { CallDto, CountryRiskLevel } from '@dahe/shared/contracts';
import { I18nService, RISK_LEVELS, RISK_LEVEL_COLORS, RISK_LEVEL_LABELS, type RiskEntry, type TranslationKey, TranslatePipe, riskEntries } from '@dahe/web/core';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzTagModule } from 'ng-zorro-antd/tag';

/** What applicants are told about a call: whom to ask, and the country risk list by level. */
@Component({
  selector: 'dahe-call-details',
  imports: [NzIconModule, NzTagModule, TranslatePipe],
  templateUrl: './call-details.html',
  styleUrl: './call-details.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CallDetails {
  private readonly i18n = inject(I18nService);

  readonly call = input.required<CallDto>();

  protected readonly levelLabels = RISK_LEVEL_LABELS;
  protected readonly levelColors = RISK_LEVEL_COLORS;
  protected readonly contactLabels: Readonly<Record<'name' | 'phone' | 'email' | 'address', TranslationKey>> = {
    name: 'calls.contact.name',
    phone: 'calls.contact.phone',
    email: 'calls.contact.email',
    address: 'calls.contact.address',
  };

  protected readonly contact = computed(() => {
    const contact = this.call().contact ?? {};
    return (['name', 'phone', 'email', 'address'] as const)
      .map((field) => ({ field, value: contact[field]?.trim() ?? '' }))
      .filter((row) => row.value !== '');
  });

  /** Prohibited, then caution, then ok; levels the list does not use are left out. */
  protected readonly groups = computed(() => {
    const entries = riskEntries(this.call().countryRisk ?? {}, this.i18n.lang());
    return RISK_LEVELS.map((level: CountryRiskLevel) => ({ level, entries: entries.filter((entry: RiskEntry) => entry.level === level) })).filter((group) => group.entries.length > 0);
  });
}
