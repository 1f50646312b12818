import { Pipe, type PipeTransform, inject } from '@angular/core';
import type { Action, SubjectName, SubjectRecord } from '@dahe/shared/authz';
import { SessionService } from './session.service';

/**
 * `@if ('invite' | can: 'Membership') { … }`, or with a record:
 * `@if ('grant' | can: membershipSubject) { … }` (built with `subject()` from `@dahe/shared/authz`).
 *
 * Impure, like the `t` pipe: it reads the `ability` signal, so switching organisation or signing
 * out updates every view using it. The check is a lookup in CASL's rule index, cheap enough.
 */
@Pipe({ name: 'can', pure: false })
export class CanPipe implements PipeTransform {
  private readonly session = inject(SessionService);

  transform(action: Action, subject: SubjectName | SubjectRecord): boolean {
    return this.session.can(action, subject);
  }
}
