import type { Role, SchoolType } from '@dahe/shared/contracts';

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

export interface DemoUser {
  username: string;
  displayName: string;
  /** `province`, a supervisor key or a school key, with the roles held there. */
  memberships: { org: string; roles: Role[] }[];
  mobile?: string;
}

/** One account for every role, in several organisations; scripts and tests rely on these names. */
export const DEMO_USERS: DemoUser[] = [
  { username: 'prov.admin', displayName: '王立新（系统管理员）', memberships: [{ org: 'province', roles: ['province_admin'] }], mobile: '13903710001' },
  { username: 'prov.security', displayName: '李安（安全管理员）', memberships: [{ org: 'province', roles: ['security_admin'] }], mobile: '13903710002' },
  { username: 'prov.auditor', displayName: '赵审（审计管理员）', memberships: [{ org: 'province', roles: ['auditor'] }], mobile: '13903710003' },
  { username: 'prov.officer', displayName: '陈卫东（职成教处）', memberships: [{ org: 'province', roles: ['province_officer'] }], mobile: '13903710004' },
  { username: 'expert1', displayName: '刘教授（评审专家）', memberships: [{ org: 'province', roles: ['expert'] }] },
  { username: 'expert2', displayName: '孙研究员（评审专家）', memberships: [{ org: 'province', roles: ['expert'] }] },
  { username: 'expert3', displayName: '周高工（评审专家）', memberships: [{ org: 'province', roles: ['expert'] }] },
  { username: 'zz.admin', displayName: '郑州市教育局管理员', memberships: [{ org: 'zz', roles: ['supervisor_admin'] }] },
  // Reviews for two bureaus: the one demo person with several organisations to switch between.
  { username: 'zz.reviewer', displayName: '马俊（郑州市教育局）', memberships: [{ org: 'zz', roles: ['supervisor_reviewer'] }, { org: 'hkg', roles: ['supervisor_reviewer'] }], mobile: '13803710011' },
  { username: 'ly.admin', displayName: '洛阳市教育局管理员', memberships: [{ org: 'ly', roles: ['supervisor_admin'] }] },
  { username: 'ly.reviewer', displayName: '杨帆（洛阳市教育局）', memberships: [{ org: 'ly', roles: ['supervisor_reviewer'] }], mobile: '13803790012' },
  { username: 's1.admin', displayName: '张明（学校管理员）', memberships: [{ org: 's1', roles: ['school_admin'] }], mobile: '13700371001' },
  { username: 's1.contact', displayName: '黄丽（项目联系人）', memberships: [{ org: 's1', roles: ['contact', 'drafter'] }], mobile: '13700371002' },
  { username: 's1.drafter', displayName: '吴强（起草人）', memberships: [{ org: 's1', roles: ['drafter'] }] },
  { username: 's1.legal', displayName: '郭校长（法定代表人）', memberships: [{ org: 's1', roles: ['legal_rep'] }], mobile: '13700371004' },
  { username: 's1.viewer', displayName: '林观（只读成员）', memberships: [{ org: 's1', roles: ['viewer'] }] },
  { username: 's2.admin', displayName: '何静（学校管理员）', memberships: [{ org: 's2', roles: ['school_admin'] }], mobile: '13700379001' },
  { username: 's2.contact', displayName: '许诺（项目联系人）', memberships: [{ org: 's2', roles: ['contact', 'drafter'] }], mobile: '13700379002' },
  { username: 's2.drafter', displayName: '邓超（起草人）', memberships: [{ org: 's2', roles: ['drafter'] }] },
  { username: 's2.legal', displayName: '罗院长（法定代表人）', memberships: [{ org: 's2', roles: ['legal_rep'] }], mobile: '13700379004' },
  // The schools whose demo applications are further along the sign-off, and the bureau that approved one.
  { username: 'zz2.contact', displayName: '赵敏（项目联系人）', memberships: [{ org: 'zz2', roles: ['contact', 'drafter'] }] },
  { username: 'zz2.legal', displayName: '钱校长（法定代表人）', memberships: [{ org: 'zz2', roles: ['legal_rep'] }] },
  { username: 'ly2.contact', displayName: '孙悦（项目联系人）', memberships: [{ org: 'ly2', roles: ['contact', 'drafter'] }] },
  { username: 'ly2.legal', displayName: '李院长（法定代表人）', memberships: [{ org: 'ly2', roles: ['legal_rep'] }] },
  { username: 'xx1.contact', displayName: '周婷（项目联系人）', memberships: [{ org: 'xx1', roles: ['contact', 'drafter'] }] },
  { username: 'xx1.legal', displayName: '吴院长（法定代表人）', memberships: [{ org: 'xx1', roles: ['legal_rep'] }] },
  { username: 'xx.reviewer', displayName: '郑华（新乡市教育局）', memberships: [{ org: 'xx', roles: ['supervisor_reviewer'] }] },
];
