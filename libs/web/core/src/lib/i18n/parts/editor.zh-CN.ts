/** zh-CN strings of the editor pages; spread into the main dictionary (zh-CN.ts). */
export const editorZhCN = {
} as const satisfies Record<string, string>;
