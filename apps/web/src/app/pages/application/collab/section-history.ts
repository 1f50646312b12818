import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { SaveSectionResponse } from '@dahe/shared/contracts';

/**
 * The saved versions of one section: author and time of each, a diff between any two, and restore
 * (as a new version). Emits `restored` with the new version so the editor reloads the section.
 */
@Component({
  selector: 'dahe-section-history',
  template: ``,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SectionHistory {
  readonly applicationId = input.required<string>();
  readonly sectionKey = input.required<string>();
  /** The version the editor holds; the list reloads when it changes. */
  readonly currentVersion = input<number>(0);
  readonly editable = input<boolean>(false);
  readonly restored = output<SaveSectionResponse>();
}
