import { describe, expect, it } from '@jest/globals';
import { comparisonAfterLoad, comparisonFor, describeRestoreFailure, orderedPair } from './history';

describe('comparisonAfterLoad', () => {
  it('compares the newest with the one before by default', () => {
    expect(comparisonAfterLoad([3, 2, 1], null)).toEqual({ from: 2, to: 3 });
    expect(comparisonAfterLoad([1], null)).toBeNull();
    expect(comparisonAfterLoad([], null)).toBeNull();
  });

  it('keeps the chosen pair while both versions exist', () => {
    expect(comparisonAfterLoad([4, 3, 2, 1], { from: 1, to: 3 })).toEqual({ from: 1, to: 3 });
    expect(comparisonAfterLoad([4, 3], { from: 1, to: 3 })).toEqual({ from: 3, to: 4 });
  });
});

describe('comparisonFor', () => {
  it('shows what a save changed: the version against the one before it', () => {
    expect(comparisonFor([4, 3, 1], 3)).toEqual({ from: 1, to: 3 });
    expect(comparisonFor([4, 3, 1], 1)).toEqual({ from: 1, to: 3 });
    expect(comparisonFor([1], 1)).toBeNull();
  });

  it('orders a pair picked either way', () => {
    expect(orderedPair(5, 2)).toEqual({ from: 2, to: 5 });
    expect(orderedPair(2, 5)).toEqual({ from: 2, to: 5 });
  });
});

describe('describeRestoreFailure', () => {
  it('treats a stale basis as a reason to reload', () => {
    const body = { statusCode: 409, code: 'conflict', message: 'The section was saved by someone else', current: { content: {}, version: 4 } };
    expect(describeRestoreFailure(409, body)).toEqual({ message: { key: 'collab.history.error.stale' }, stale: true });
  });

  it('tells a non-draft and an assignment to others apart', () => {
    expect(describeRestoreFailure(409, { statusCode: 409, code: 'conflict', message: 'The application is signed' })).toMatchObject({
      message: { key: 'collab.history.error.notDraft' },
      stale: false,
    });
    expect(describeRestoreFailure(403, { statusCode: 403, code: 'forbidden', message: 'This section is assigned to other drafters' })).toEqual({
      message: { key: 'collab.history.error.forbidden' },
      detail: 'This section is assigned to other drafters',
      stale: false,
    });
  });
});
