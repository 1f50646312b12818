/** Tenant kinds, forming the tree province → supervisor → school. */
export const OrganisationKind = {
  province: 'province',
  supervisor: 'supervisor',
  school: 'school',
} as const;
export type OrganisationKind = (typeof OrganisationKind)[keyof typeof OrganisationKind];

/** A school's type, as the notice distinguishes them: 高等职业学校 / 省属中等职业学校. */
export const SchoolType = {
  higherVocational: 'higher_vocational',
  secondaryVocational: 'secondary_vocational',
} as const;
export type SchoolType = (typeof SchoolType)[keyof typeof SchoolType];

export function isOrganisationKind(value: unknown): value is OrganisationKind {
  return typeof value === 'string' && Object.values<string>(OrganisationKind).includes(value);
}
