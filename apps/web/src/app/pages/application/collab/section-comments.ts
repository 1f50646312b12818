import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** Comment threads on one section: new thread, reply, @mention school members, resolve and reopen. */
@Component({
  selector: 'dahe-section-comments',
  template: ``,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SectionComments {
  readonly applicationId = input.required<string>();
  readonly sectionKey = input.required<string>();
  /** The school whose members can be @mentioned. */
  readonly orgId = input.required<string>();
}
