import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { EvidenceItemDto } from '@dahe/shared/contracts';

/**
 * The application's 佐证材料: items by category, upload with progress, rename, mark as cooperation
 * agreement, remove. `cite` asks the editor to insert a reference to the item at the caret.
 */
@Component({
  selector: 'dahe-evidence-panel',
  template: ``,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EvidencePanel {
  readonly applicationId = input.required<string>();
  readonly editable = input<boolean>(false);
  /** Shown only while a text field has the focus in the editor. */
  readonly canCite = input<boolean>(false);
  readonly cite = output<EvidenceItemDto>();
  /** After an upload, rename or removal: the validation panel is stale. */
  readonly changed = output<void>();
}
