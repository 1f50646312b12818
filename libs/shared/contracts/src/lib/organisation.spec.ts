import { describe, expect, it } from '@jest/globals';
import { isOrganisationKind } from './organisation';

describe('isOrganisationKind', () => {
  it('accepts the three tenant kinds', () => {
    expect(['province', 'supervisor', 'school'].every(isOrganisationKind)).toBe(true);
  });

  it('rejects anything else, including near misses and non-strings', () => {
    for (const value of ['School', 'bureau', '', null, undefined, 3, {}]) {
      expect(isOrganisationKind(value)).toBe(false);
    }
  });
});
