import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  type ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { TitleStrategy, provideRouter } from '@angular/router';
import { I18nService, csrfInterceptor, httpErrorInterceptor } from '@dahe/web/core';
import { provideNzI18n, zh_CN } from 'ng-zorro-antd/i18n';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { routes } from './app.routes';
import { I18nTitleStrategy } from './i18n-title-strategy';
import { APP_ICONS } from './icons';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes),
    { provide: TitleStrategy, useClass: I18nTitleStrategy },
    provideHttpClient(withFetch(), withInterceptors([csrfInterceptor, httpErrorInterceptor])),
    provideNzI18n(zh_CN),
    // Only the icons the app uses, bundled; ng-zorro adds the few its own components need.
    provideNzIcons(APP_ICONS),
    // Apply the stored language (html lang, ng-zorro locale) before the first render.
    provideAppInitializer(() => void inject(I18nService)),
  ],
};
