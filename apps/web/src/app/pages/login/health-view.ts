import type { HealthResponse } from '@dahe/shared/contracts';
import type { HttpErrorDescription, TranslationKey, TranslationParams } from '@dahe/web/core';

/** What the status card knows: still asking, an answer, or a failure. */
export type HealthState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly health: HealthResponse }
  | { readonly kind: 'error'; readonly error: HttpErrorDescription };

/** Ant Design status colours. */
export type Tone = 'processing' | 'success' | 'warning' | 'error';

export interface Translatable {
  readonly key: TranslationKey;
  readonly params?: TranslationParams;
}

interface ViewBase {
  readonly tone: Tone;
  /** The one-line summary, always present (`data-testid="health-status"`). */
  readonly status: TranslationKey;
}

export type HealthView =
  | (ViewBase & { readonly kind: 'loading' })
  | (ViewBase & { readonly kind: 'error'; readonly message: Translatable })
  | (ViewBase & {
      readonly kind: 'ready';
      readonly api: { readonly label: TranslationKey; readonly tone: Tone };
      readonly version: string;
      readonly database: { readonly label: TranslationKey; readonly tone: Tone };
      readonly latency: Translatable;
      readonly mode: TranslationKey;
      /** ISO 8601; the component formats it in Asia/Shanghai for the current language. */
      readonly time: string;
    });

/** Pure: state in, dictionary keys out. Keeps the component a thin template over this. */
export function toHealthView(state: HealthState): HealthView {
  switch (state.kind) {
    case 'loading':
      return { kind: 'loading', tone: 'processing', status: 'health.checking' };
    case 'error':
      return {
        kind: 'error',
        tone: 'error',
        status: 'health.status.unavailable',
        message: { key: state.error.key, params: state.error.params },
      };
    case 'ready': {
      const { health } = state;
      const ok = health.status === 'ok' && health.database.reachable;
      return {
        kind: 'ready',
        tone: ok ? 'success' : 'warning',
        status: ok ? 'health.status.ok' : 'health.status.degraded',
        api:
          health.status === 'ok'
            ? { label: 'health.api.ok', tone: 'success' }
            : { label: 'health.api.degraded', tone: 'warning' },
        version: health.version,
        database: health.database.reachable
          ? { label: 'health.database.reachable', tone: 'success' }
          : { label: 'health.database.unreachable', tone: 'error' },
        latency:
          health.database.reachable && health.database.latencyMs !== undefined
            ? { key: 'health.latency.value', params: { ms: Math.round(health.database.latencyMs) } }
            : { key: 'health.latency.none' },
        mode: health.database.mode === 'embedded' ? 'health.mode.embedded' : 'health.mode.external',
        time: health.time,
      };
    }
  }
}
