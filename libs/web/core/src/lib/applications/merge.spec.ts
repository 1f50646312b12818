import { describe, expect, it } from '@jest/globals';
import { flattenContent, mergeContent, mergePlaces, placeText, setAtPath } from './merge';

describe('flattenContent', () => {
  it('walks objects and schedule rows; other arrays are one place', () => {
    const places = flattenContent({ cooperationForms: ['degree'], rows: [{ task: 'T', goals: { '2024': 'a' } }] });
    expect([...places.entries()]).toEqual([
      ['cooperationForms', ['degree']],
      ['rows[0].task', 'T'],
      ['rows[0].goals.2024', 'a'],
    ]);
  });
});

describe('mergePlaces', () => {
  it('lists only the places that differ, suggesting the side that changed', () => {
    const base = { contactName: '黄丽', contactMobile: '13700371002', filledOn: '2024-08-01' };
    const mine = { ...base, contactName: '黄丽丽' };
    const theirs = { ...base, contactMobile: '13800000000' };
    expect(mergePlaces(mine, theirs, base)).toEqual([
      { path: 'contactName', mine: '黄丽丽', theirs: '黄丽', textual: true, suggested: 'mine' },
      { path: 'contactMobile', mine: '13700371002', theirs: '13800000000', textual: true, suggested: 'theirs' },
    ]);
  });

  it('suggests mine where both changed the same place, and marks non-text places', () => {
    const places = mergePlaces({ text: '我', hasIntlMechanism: true }, { text: '他', hasIntlMechanism: false }, { text: '原' });
    expect(places).toEqual([
      { path: 'text', mine: '我', theirs: '他', textual: true, suggested: 'mine' },
      { path: 'hasIntlMechanism', mine: true, theirs: false, textual: false, suggested: 'mine' },
    ]);
  });

  it('is empty when both sides hold the same content', () => {
    expect(mergePlaces({ text: 'x' }, { text: 'x' }, null)).toEqual([]);
  });
});

describe('mergeContent', () => {
  it('applies the choices on top of theirs; an edited text wins', () => {
    const mine = { text: '我的' };
    const theirs = { text: '他的' };
    const places = mergePlaces(mine, theirs, { text: '' });
    expect(mergeContent(theirs, places, new Map())).toEqual({ text: '我的' });
    expect(mergeContent(theirs, places, new Map([['text', { side: 'theirs' as const }]]))).toEqual({ text: '他的' });
    expect(mergeContent(theirs, places, new Map([['text', { side: 'edited' as const, text: '合并' }]]))).toEqual({ text: '合并' });
  });

  it('merges schedule rows cell by cell and drops rows the merge left empty', () => {
    const row = (task: string) => ({ task, goals: { '2024': task ? 'a' : '', '2025': task ? 'b' : '', '2026': task ? 'c' : '' } });
    const base = { rows: [row('一')] };
    const mine = { rows: [row('一'), row('二')] };
    const theirs = { rows: [row('一改')] };
    const places = mergePlaces(mine, theirs, base);
    expect(places.map((place) => [place.path, place.suggested])).toEqual([
      ['rows[0].task', 'theirs'],
      ['rows[1].task', 'mine'],
      ['rows[1].goals.2024', 'mine'],
      ['rows[1].goals.2025', 'mine'],
      ['rows[1].goals.2026', 'mine'],
    ]);
    expect(mergeContent(theirs, places, new Map())).toEqual({ rows: [row('一改'), row('二')] });
    const dropped = new Map(places.filter((place) => place.path.startsWith('rows[1]')).map((place) => [place.path, { side: 'theirs' as const }]));
    expect(mergeContent(theirs, places, dropped)).toEqual({ rows: [row('一改')] });
  });
});

describe('setAtPath', () => {
  it('creates what is missing and leaves the input alone', () => {
    const input = { rows: [] as unknown[] };
    expect(setAtPath(input, 'rows[0].goals.2024', 'x')).toEqual({ rows: [{ goals: { '2024': 'x' } }] });
    expect(input).toEqual({ rows: [] });
  });
});

describe('placeText', () => {
  it('renders yes/no, lists and missing values', () => {
    const yesNo = (answer: boolean) => (answer ? '是' : '否');
    expect(placeText(true, yesNo)).toBe('是');
    expect(placeText(['degree', 'research'], yesNo, (code) => ({ degree: '学历培养', research: '科研合作' })[code] ?? code)).toBe('学历培养、科研合作');
    expect(placeText(undefined, yesNo)).toBe('');
  });
});
