/**
 * The early-warning vocabulary as plain constants, without imports, so the contract (and through
 * it the web app) can name them without pulling in the domain's arithmetic.
 */

/** 过冷, 偏冷, 正常, 偏热, 过热 — the five lights from cold to hot. */
export const LIGHTS = ['overcold', 'cold', 'normal', 'warm', 'overheated'] as const;
export type Light = (typeof LIGHTS)[number];

export const TRANSFORMS = ['level', 'yoy', 'mom'] as const;
/** level = 水平值, yoy = 同比增长 (%), mom = 环比增长 (%). */
export type Transform = (typeof TRANSFORMS)[number];

/** `changes`: the light differs from the previous period's; `outside_normal`: not 正常 (green). */
export const LIGHT_CONDITIONS = ['changes', 'outside_normal'] as const;
export type LightCondition = (typeof LIGHT_CONDITIONS)[number];
