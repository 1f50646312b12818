import { describe, expect, it } from '@jest/globals';
import type { OrganisationDto } from '@dahe/shared/contracts';
import { buildOrgTree, countOrgKinds, filterOrgTree, flattenOrgTree, parentsFor, subtreeOf } from './org-tree';

const ORGS: OrganisationDto[] = [
  { id: 's3', name: '郑州商贸旅游职业学院', kind: 'school', parentId: 'zz', schoolType: 'higher_vocational', city: '郑州市' },
  { id: 'zz', name: '郑州市教育局', kind: 'supervisor', parentId: 'p', city: '郑州市' },
  { id: 'p', name: '河南省教育厅', kind: 'province', city: '郑州市', creditCode: '12410001MB0007919X' },
  { id: 's1', name: '郑州黄河职业技术学院', kind: 'school', parentId: 'zz', schoolType: 'higher_vocational', creditCode: '12410003MB00237570' },
  { id: 'ly', name: '洛阳市教育局', kind: 'supervisor', parentId: 'p', city: '洛阳市' },
  { id: 's2', name: '洛阳中原职业技术学院', kind: 'school', parentId: 'ly', schoolType: 'higher_vocational', city: '洛阳市' },
];

const names = (rows: { org: OrganisationDto; depth: number }[]) => rows.map((row) => `${'  '.repeat(row.depth)}${row.org.name}`);

describe('buildOrgTree and flattenOrgTree', () => {
  it('nests schools under their units under the province, siblings in pinyin order', () => {
    expect(names(flattenOrgTree(buildOrgTree(ORGS)))).toEqual([
      '河南省教育厅',
      '  洛阳市教育局',
      '    洛阳中原职业技术学院',
      '  郑州市教育局',
      '    郑州黄河职业技术学院',
      '    郑州商贸旅游职业学院',
    ]);
  });

  it('counts children and hides the subtree of a collapsed node', () => {
    const rows = flattenOrgTree(buildOrgTree(ORGS), new Set(['zz']));
    expect(rows.map((row) => [row.org.id, row.childCount, row.expanded])).toEqual([
      ['p', 2, true],
      ['ly', 1, true],
      ['s2', 0, true],
      ['zz', 2, false],
    ]);
  });

  it('makes an organisation whose parent is not visible a root (a school sees its ancestors only)', () => {
    const tree = buildOrgTree(ORGS.filter((org) => org.id !== 'p'));
    expect(tree.map((node) => node.org.id)).toEqual(['ly', 'zz']);
  });

  it('survives a cycle in bad data', () => {
    const cyclic: OrganisationDto[] = [
      { id: 'a', name: 'A', kind: 'supervisor', parentId: 'b' },
      { id: 'b', name: 'B', kind: 'school', parentId: 'a' },
      { id: 'c', name: 'C', kind: 'province' },
    ];
    expect(flattenOrgTree(buildOrgTree(cyclic)).map((row) => row.org.id)).toEqual(['c']);
  });
});

describe('filterOrgTree', () => {
  const tree = buildOrgTree(ORGS);

  it('keeps matches with the path to them', () => {
    expect(names(flattenOrgTree(filterOrgTree(tree, '黄河')))).toEqual(['河南省教育厅', '  郑州市教育局', '    郑州黄河职业技术学院']);
  });

  it('matches the city and the credit code, case-insensitively', () => {
    expect(flattenOrgTree(filterOrgTree(tree, '洛阳市')).map((row) => row.org.id)).toEqual(['p', 'ly', 's2']);
    expect(flattenOrgTree(filterOrgTree(tree, '12410003mb')).map((row) => row.org.id)).toEqual(['p', 'zz', 's1']);
  });

  it('keeps the whole subtree of a matching unit, and everything for an empty query', () => {
    expect(flattenOrgTree(filterOrgTree(tree, '郑州市教育局')).map((row) => row.org.id)).toEqual(['p', 'zz', 's1', 's3']);
    expect(filterOrgTree(tree, '  ')).toHaveLength(1);
    expect(filterOrgTree(tree, 'nothing like it')).toEqual([]);
  });
});

describe('subtreeOf, countOrgKinds, parentsFor', () => {
  it('lists an organisation and those below it, with depths', () => {
    expect(subtreeOf(ORGS, 'zz').map(({ org, depth }) => [org.id, depth])).toEqual([
      ['zz', 0],
      ['s1', 1],
      ['s3', 1],
    ]);
    expect(subtreeOf(ORGS, 'missing')).toEqual([]);
  });

  it('counts each kind', () => {
    expect(countOrgKinds(ORGS)).toEqual({ province: 1, supervisor: 2, school: 3 });
  });

  it('offers the province as parent of a unit, and the units as parents of a school', () => {
    expect(parentsFor(ORGS, 'supervisor').map((org) => org.id)).toEqual(['p']);
    expect(parentsFor(ORGS, 'school').map((org) => org.id)).toEqual(['ly', 'zz']);
  });
});
