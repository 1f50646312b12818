import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { I18nService, type TranslationKey, TranslatePipe } from '@dahe/web/core';
import { NzButtonModule, type NzButtonType } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';

/** Copies `text` to the clipboard and says whether it worked (the clipboard may be denied). */
@Component({
  selector: 'dahe-copy-button',
  imports: [NzButtonModule, NzIconModule, TranslatePipe],
  template: `
    <button nz-button type="button" [nzType]="type()" [nzSize]="size()" [attr.data-testid]="testId()" [attr.aria-label]="ariaLabel()" (click)="copy()">
      <nz-icon nzType="copy" aria-hidden="true" />
      {{ label() | t }}
    </button>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CopyButton {
  private readonly document = inject(DOCUMENT);
  private readonly messages = inject(NzMessageService);
  private readonly i18n = inject(I18nService);

  readonly text = input.required<string>();
  readonly label = input<TranslationKey>('common.copy');
  readonly type = input<NzButtonType>('default');
  readonly size = input<'default' | 'small' | 'large'>('default');
  readonly testId = input<string | null>(null);
  readonly ariaLabel = input<string | null>(null);

  protected async copy(): Promise<void> {
    try {
      await this.document.defaultView?.navigator.clipboard.writeText(this.text());
      this.messages.success(this.i18n.t('common.copied'));
    } catch {
      this.messages.warning(this.i18n.t('common.copyFailed'));
    }
  }
}
