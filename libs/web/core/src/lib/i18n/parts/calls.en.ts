import type { callsZhCN } from './calls.zh-CN';

/** English strings of the calls pages: exactly the keys of the zh-CN part. */
export const callsEn: Readonly<Record<keyof typeof callsZhCN, string>> = {
};
