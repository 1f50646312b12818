import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { SignatureDto, TimelineDto, TimelineEntryDto } from '@dahe/shared/contracts';
import {
  I18nService,
  ORG_KIND_LABELS,
  SIGNATURE_KIND_LABELS,
  SIGNATURE_STATUS,
  TranslatePipe,
  applicationStateKey,
  effectiveDeadlineOf,
  eventLabel,
  formatCallTime,
  formatShanghai,
  roleLabel,
  shortHash,
} from '@dahe/web/core';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';

/**
 * The application's timeline for everyone who may read it: what waits for whom next, the deadline (and
 * the school's extension), whether the audit chain recomputes, every signature valid or void with the
 * reason, and who did what when (Beijing time).
 */
@Component({
  selector: 'dahe-signoff-timeline',
  imports: [NzIconModule, NzSpinModule, NzTagModule, TranslatePipe],
  templateUrl: './signoff-timeline.html',
  styleUrl: './signoff-timeline.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignoffTimeline {
  private readonly i18n = inject(I18nService);

  readonly timeline = input<TimelineDto | null>(null);
  readonly loading = input(false);

  protected readonly statusOf = SIGNATURE_STATUS;
  protected readonly kindLabels = SIGNATURE_KIND_LABELS;
  protected readonly events = computed(() => [...(this.timeline()?.events ?? [])].reverse());
  protected readonly deadline = computed(() => {
    const timeline = this.timeline();
    return timeline ? formatCallTime(effectiveDeadlineOf(timeline), this.i18n.lang(), true) : '';
  });
  protected readonly waiting = computed(() => {
    const waiting = this.timeline()?.waitingFor;
    if (!waiting) return null;
    return { role: roleLabel(waiting.role) ?? 'signoff.timeline.someone', kind: ORG_KIND_LABELS[waiting.organisationKind as keyof typeof ORG_KIND_LABELS], organisation: waiting.organisationName };
  });

  protected time(iso: string): string {
    return formatShanghai(iso, this.i18n.lang());
  }

  protected hash(hash: string | null | undefined): string {
    return shortHash(hash);
  }

  protected label(event: TimelineEntryDto) {
    return eventLabel(event.action);
  }

  protected role(role: string | null) {
    return role ? roleLabel(role) : undefined;
  }

  protected stateKey(state: string | undefined) {
    return applicationStateKey(state ?? '');
  }

  protected trackSignature(signature: SignatureDto): string {
    return signature.id;
  }
}
