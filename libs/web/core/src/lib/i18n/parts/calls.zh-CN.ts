/** zh-CN strings of the calls pages; spread into the main dictionary (zh-CN.ts). */
export const callsZhCN = {
} as const satisfies Record<string, string>;
