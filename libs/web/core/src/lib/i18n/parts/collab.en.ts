import type { collabZhCN } from './collab.zh-CN';

/** English strings of the collab pages: exactly the keys of the zh-CN part. */
export const collabEn: Readonly<Record<keyof typeof collabZhCN, string>> = {
};
