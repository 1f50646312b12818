/** zh-CN strings of the collab pages; spread into the main dictionary (zh-CN.ts). */
export const collabZhCN = {
} as const satisfies Record<string, string>;
