import type { editorZhCN } from './editor.zh-CN';

/** English strings of the editor pages: exactly the keys of the zh-CN part. */
export const editorEn: Readonly<Record<keyof typeof editorZhCN, string>> = {
};
