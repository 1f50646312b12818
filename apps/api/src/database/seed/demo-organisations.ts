import type { SchoolType } from '@dahe/shared/contracts';

/** The demo province: 河南省教育厅, its supervising units and their schools. */
export interface DemoSchool {
  key: string;
  name: string;
  type: SchoolType;
  city: string;
}

export interface DemoSupervisor {
  key: string;
  name: string;
  city: string;
  schools: DemoSchool[];
}

export const DEMO_PROVINCE = { key: 'henan', name: '河南省教育厅', city: '郑州市' } as const;

export const DEMO_SUPERVISORS: DemoSupervisor[] = [
  {
    key: 'zz',
    name: '郑州市教育局',
    city: '郑州市',
    schools: [
      { key: 's1', name: '郑州黄河职业技术学院', type: 'higher_vocational', city: '郑州市' },
      { key: 'zz2', name: '郑州商贸旅游职业学院', type: 'higher_vocational', city: '郑州市' },
      { key: 'zz3', name: '郑州市电子信息工程学校', type: 'secondary_vocational', city: '郑州市' },
    ],
  },
  {
    key: 'ly',
    name: '洛阳市教育局',
    city: '洛阳市',
    schools: [
      { key: 's2', name: '洛阳中原职业技术学院', type: 'higher_vocational', city: '洛阳市' },
      { key: 'ly2', name: '洛阳文化旅游职业学院', type: 'higher_vocational', city: '洛阳市' },
      { key: 'ly3', name: '洛阳市第一职业高级中学', type: 'secondary_vocational', city: '洛阳市' },
    ],
  },
  {
    key: 'xx',
    name: '新乡市教育局',
    city: '新乡市',
    schools: [
      { key: 'xx1', name: '新乡牧野职业技术学院', type: 'higher_vocational', city: '新乡市' },
      { key: 'xx2', name: '新乡市职业教育中心', type: 'secondary_vocational', city: '新乡市' },
    ],
  },
  {
    key: 'jy',
    name: '济源示范区教育局',
    city: '济源市',
    schools: [
      { key: 'jy1', name: '济源王屋职业技术学院', type: 'higher_vocational', city: '济源市' },
      { key: 'jy2', name: '济源市高级技工学校', type: 'secondary_vocational', city: '济源市' },
    ],
  },
  {
    key: 'hkg',
    name: '郑州航空港经济综合实验区教育局',
    city: '郑州市',
    schools: [
      { key: 'hkg1', name: '河南航空港职业技术学院', type: 'higher_vocational', city: '郑州市' },
      { key: 'hkg2', name: '郑州航空港区职业技术学校', type: 'secondary_vocational', city: '郑州市' },
    ],
  },
  {
    key: 'jt',
    name: '河南省交通运输厅',
    city: '郑州市',
    schools: [{ key: 'jt1', name: '河南交通技师学院', type: 'secondary_vocational', city: '郑州市' }],
  },
];
