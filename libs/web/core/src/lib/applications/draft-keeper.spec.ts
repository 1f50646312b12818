import { describe, expect, it } from '@jest/globals';
import { DraftKeeper, type DraftStorage, draftKey } from './draft-keeper';

function memoryStorage(): DraftStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

const now = () => new Date('2024-08-01T02:42:00.000Z');

describe('DraftKeeper', () => {
  it('keeps a draft per application, section and user, with the version it was based on', () => {
    const storage = memoryStorage();
    const keeper = new DraftKeeper(storage, now);
    keeper.keep('app-1', 'school_foundation', 'user-1', { text: '未保存的文字' }, 4);
    expect(keeper.read('app-1', 'school_foundation', 'user-1')).toEqual({ content: { text: '未保存的文字' }, baseVersion: 4, keptAt: '2024-08-01T02:42:00.000Z' });
    // Nobody else's draft, no other section's.
    expect(keeper.read('app-1', 'school_foundation', 'user-2')).toBeNull();
    expect(keeper.read('app-1', 'partner_profile', 'user-1')).toBeNull();
    expect(keeper.read('app-2', 'school_foundation', 'user-1')).toBeNull();
    keeper.forget('app-1', 'school_foundation', 'user-1');
    expect(keeper.read('app-1', 'school_foundation', 'user-1')).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it('ignores what is not a well-formed draft', () => {
    const storage = memoryStorage();
    const keeper = new DraftKeeper(storage, now);
    storage.setItem(draftKey('a', 's', 'u'), '{not json');
    expect(keeper.read('a', 's', 'u')).toBeNull();
    storage.setItem(draftKey('a', 's', 'u'), JSON.stringify({ content: {}, baseVersion: -1, keptAt: 'x' }));
    expect(keeper.read('a', 's', 'u')).toBeNull();
    storage.setItem(draftKey('a', 's', 'u'), JSON.stringify({ baseVersion: 1, keptAt: 'x' }));
    expect(keeper.read('a', 's', 'u')).toBeNull();
  });

  it('survives a storage that throws (full or blocked)', () => {
    const throwing: DraftStorage = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('full');
      },
      removeItem: () => {
        throw new Error('blocked');
      },
    };
    const keeper = new DraftKeeper(throwing, now);
    expect(() => keeper.keep('a', 's', 'u', {}, 0)).not.toThrow();
    expect(keeper.read('a', 's', 'u')).toBeNull();
    expect(() => keeper.forget('a', 's', 'u')).not.toThrow();
    expect(new DraftKeeper(null).read('a', 's', 'u')).toBeNull();
  });
});
