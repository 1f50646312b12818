import { describe, expect, it } from '@jest/globals';
import { etagOf, versionBasis } from './version-basis';

describe('versionBasis', () => {
  it('takes If-Match first, then the body version', () => {
    expect(versionBasis('"3"', undefined)).toEqual({ version: 3, viaIfMatch: true });
    expect(versionBasis(' "0" ', 7)).toEqual({ version: 0, viaIfMatch: true });
    expect(versionBasis(undefined, 5)).toEqual({ version: 5, viaIfMatch: false });
    expect(etagOf(4)).toBe('"4"');
  });

  it('asks for a version when there is none (428) and refuses weak or malformed ETags', () => {
    expect(() => versionBasis(undefined, undefined)).toThrow(expect.objectContaining({ code: 'precondition_required' }));
    for (const bad of ['W/"3"', '3', '"x"', '*', '"1", "2"']) {
      expect(() => versionBasis(bad, undefined)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    }
  });
});
