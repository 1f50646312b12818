import { describe, expect, it } from '@jest/globals';
import { collapseUnchanged, diffSequences, diffSide, diffStats, diffText } from './text-diff';

/** A readable rendering of a diff: [-deleted-]{+inserted+}. */
const show = (before: string, after: string) =>
  diffText(before, after)
    .map((s) => (s.op === 'insert' ? `{+${s.text}+}` : s.op === 'delete' ? `[-${s.text}-]` : s.text))
    .join('');

describe('diffSequences', () => {
  it('finds the shortest edit script (the classic ABCABBA → CBABAC has 5 edits)', () => {
    const parts = diffSequences([...'ABCABBA'], [...'CBABAC']);
    const edits = parts.filter((p) => p.op !== 'equal').reduce((n, p) => n + p.items.length, 0);
    expect(edits).toBe(5);
    expect(parts.filter((p) => p.op !== 'insert').flatMap((p) => p.items).join('')).toBe('ABCABBA');
    expect(parts.filter((p) => p.op !== 'delete').flatMap((p) => p.items).join('')).toBe('CBABAC');
  });

  it('handles empty sides and identical input', () => {
    expect(diffSequences([], [])).toEqual([]);
    expect(diffSequences([], ['a'])).toEqual([{ op: 'insert', items: ['a'] }]);
    expect(diffSequences(['a'], [])).toEqual([{ op: 'delete', items: ['a'] }]);
    expect(diffSequences(['a', 'b'], ['a', 'b'])).toEqual([{ op: 'equal', items: ['a', 'b'] }]);
  });

  it('puts the deletion before the insertion of a replacement', () => {
    expect(diffSequences([...'axc'], [...'ayc'])).toEqual([
      { op: 'equal', items: ['a'] },
      { op: 'delete', items: ['x'] },
      { op: 'insert', items: ['y'] },
      { op: 'equal', items: ['c'] },
    ]);
  });

  it('gives up cleanly past the edit limit: all out, all in', () => {
    const parts = diffSequences([...'abcdef'], [...'uvwxyz'], 3);
    expect(parts).toEqual([
      { op: 'delete', items: [...'abcdef'] },
      { op: 'insert', items: [...'uvwxyz'] },
    ]);
  });

  it('always rebuilds both sides, on random input', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: Math.floor(random() * 30) }, () => 'abcd'[Math.floor(random() * 4)] as string);
      const b = Array.from({ length: Math.floor(random() * 30) }, () => 'abcd'[Math.floor(random() * 4)] as string);
      const parts = diffSequences(a, b);
      expect(parts.filter((p) => p.op !== 'insert').flatMap((p) => p.items)).toEqual(a);
      expect(parts.filter((p) => p.op !== 'delete').flatMap((p) => p.items)).toEqual(b);
    }
  });
});

describe('diffText', () => {
  it('shows a changed phrase inside a Chinese sentence at character level', () => {
    expect(show('现有专业48个，在校生2.1万人。', '现有专业52个，在校生2.3万人。')).toBe('现有专业[-48-]{+52+}个，在校生2.[-1-]{+3+}万人。');
  });

  it('keeps unchanged lines whole and marks an added line', () => {
    expect(show('第一段\n第二段\n', '第一段\n新增的一段\n第二段\n')).toBe('第一段\n{+新增的一段\n+}第二段\n');
  });

  it('marks a deleted line', () => {
    expect(show('甲\n乙\n丙', '甲\n丙')).toBe('甲\n[-乙\n-]丙');
  });

  it('folds a one-character island inside a rewrite so the change reads as a whole', () => {
    // Without folding the shared 的 would split the change into confetti.
    expect(show('学校的国际化办学基础', '企业的海外业务需求')).toBe('[-学校的国际化办学基础-]{+企业的海外业务需求+}');
  });

  it('places an added paragraph after the sentence end, not around it', () => {
    // The shared final 。 would otherwise close the new paragraph and open the insertion.
    expect(show('专业48个，在校生2.1万人。', '专业52个，在校生2.1万人。\n学校牵头成立联盟。')).toBe('专业[-48-]{+52+}个，在校生2.1万人。{+\n学校牵头成立联盟。+}');
    expect(show('甲，乙丙', '甲，丁，乙丙')).toBe('甲，{+丁，+}乙丙');
  });

  it('does not split a character outside the Basic Multilingual Plane', () => {
    const segments = diffText('𠀀甲', '𠀁甲');
    expect(segments).toEqual([
      { op: 'delete', text: '𠀀' },
      { op: 'insert', text: '𠀁' },
      { op: 'equal', text: '甲' },
    ]);
  });

  it('is empty for two empty texts and one equal piece for the same text', () => {
    expect(diffText('', '')).toEqual([]);
    expect(diffText('同样', '同样')).toEqual([{ op: 'equal', text: '同样' }]);
  });

  it('rebuilds both texts exactly', () => {
    const before = '学校是国家“双高计划”建设单位，现有专业48个。\n累计培训海外学员1200余人次。';
    const after = '学校是国家“双高计划”建设单位，现有专业52个。\n与泰国合作。\n累计培训海外学员1500余人次。';
    const segments = diffText(before, after);
    expect(diffSide(segments, 'before')).toBe(before);
    expect(diffSide(segments, 'after')).toBe(after);
  });
});

describe('diffStats', () => {
  it('counts inserted and deleted characters, not line breaks', () => {
    expect(diffStats(diffText('甲\n乙', '甲\n丙丁'))).toEqual({ inserted: 2, deleted: 1 });
  });
});

describe('collapseUnchanged', () => {
  it('keeps context next to a change and says how much was left out', () => {
    const long = '字'.repeat(200);
    const display = collapseUnchanged(diffText(`${long}旧${long}`, `${long}新${long}`), 10);
    expect(display).toEqual([
      { op: 'skip', count: 190 },
      { op: 'equal', text: '字'.repeat(10) },
      { op: 'delete', text: '旧' },
      { op: 'insert', text: '新' },
      { op: 'equal', text: '字'.repeat(10) },
      { op: 'skip', count: 190 },
    ]);
  });

  it('leaves short unchanged pieces and change-free diffs alone', () => {
    const segments = diffText('短句旧', '短句新');
    expect(collapseUnchanged(segments, 10)).toEqual(segments);
    const same = diffText('x'.repeat(500), 'x'.repeat(500));
    expect(collapseUnchanged(same, 10)).toEqual(same);
  });
});
