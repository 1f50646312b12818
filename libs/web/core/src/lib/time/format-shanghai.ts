import type { Lang } from '../i18n/lang';

/** Every deadline and timestamp of the call is in Beijing time, whatever the user's own zone. */
export const SHANGHAI_TIME_ZONE = 'Asia/Shanghai';

type Part = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

const formatters: Partial<Record<Lang, Intl.DateTimeFormat>> = {};

function formatterFor(lang: Lang): Intl.DateTimeFormat {
  return (formatters[lang] ??= new Intl.DateTimeFormat(lang === 'zh-CN' ? 'zh-CN' : 'en-US', {
    timeZone: SHANGHAI_TIME_ZONE,
    year: 'numeric',
    month: lang === 'zh-CN' ? '2-digit' : 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }));
}

/**
 * An instant as wall-clock time in Asia/Shanghai (UTC+8, no daylight saving):
 * zh-CN `2024-08-16 23:59:59`, en `16 Aug 2024, 23:59:59`.
 * Built from parts rather than the locale's default pattern so the output is the same on every
 * browser. An unparseable input is returned unchanged rather than shown as "Invalid Date".
 */
export function formatShanghai(iso: string | Date, lang: Lang): string {
  const date = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(date.getTime())) return typeof iso === 'string' ? iso : '';

  const parts = {} as Record<Part, string>;
  for (const { type, value } of formatterFor(lang).formatToParts(date)) {
    if (type === 'year' || type === 'month' || type === 'day' || type === 'hour' || type === 'minute' || type === 'second') {
      parts[type] = value;
    }
  }
  const time = `${parts.hour}:${parts.minute}:${parts.second}`;
  return lang === 'zh-CN'
    ? `${parts.year}-${parts.month}-${parts.day} ${time}`
    : `${parts.day} ${parts.month} ${parts.year}, ${time}`;
}
