import { describe, expect, it } from '@jest/globals';
import { OrganisationKind, Role, SchoolType } from '@dahe/shared/contracts';
import { SUPPORTED_LANGS } from '../i18n/lang';
import { translate } from '../i18n/translate';
import { ORG_KIND_LABELS, ROLE_DESCRIPTIONS, ROLE_LABELS, SCHOOL_TYPE_LABELS, roleLabel } from './labels';

const ROLES = Object.values(Role);

describe('role labels', () => {
  it('cover every role of the contract, and nothing else', () => {
    expect(Object.keys(ROLE_LABELS).sort()).toEqual([...ROLES].sort());
    expect(Object.keys(ROLE_DESCRIPTIONS).sort()).toEqual([...ROLES].sort());
  });

  it.each(SUPPORTED_LANGS)('are all translated in %s, each name distinct', (lang) => {
    const names = ROLES.map((role) => translate(lang, ROLE_LABELS[role]));
    const descriptions = ROLES.map((role) => translate(lang, ROLE_DESCRIPTIONS[role]));
    for (const text of [...names, ...descriptions]) {
      expect(text.trim()).not.toBe('');
      expect(text).not.toMatch(/^role\./);
    }
    expect(new Set(names).size).toBe(ROLES.length);
  });

  it('use the names of the notice in Chinese', () => {
    expect(Object.fromEntries(ROLES.map((role) => [role, translate('zh-CN', ROLE_LABELS[role])]))).toEqual({
      province_admin: '系统管理员',
      province_officer: '省厅业务处室',
      expert: '评审专家',
      auditor: '审计管理员',
      security_admin: '安全管理员',
      supervisor_admin: '主管单位管理员',
      supervisor_reviewer: '主管单位审核人',
      school_admin: '学校管理员',
      drafter: '起草人',
      contact: '项目联系人',
      legal_rep: '法定代表人',
      viewer: '只读成员',
    });
  });

  it('answer undefined for a role this build does not know (the server may be newer)', () => {
    expect(roleLabel('drafter')).toBe('role.drafter');
    expect(roleLabel('chief_dreamer')).toBeUndefined();
    expect(roleLabel('toString')).toBeUndefined();
  });
});

describe('organisation kind and school type labels', () => {
  it('cover every kind and type, in both languages', () => {
    expect(Object.keys(ORG_KIND_LABELS).sort()).toEqual(Object.values(OrganisationKind).sort());
    expect(Object.keys(SCHOOL_TYPE_LABELS).sort()).toEqual(Object.values(SchoolType).sort());
    for (const lang of SUPPORTED_LANGS) {
      for (const key of [...Object.values(ORG_KIND_LABELS), ...Object.values(SCHOOL_TYPE_LABELS)]) {
        expect(translate(lang, key).trim()).not.toBe('');
      }
    }
  });

  it('read as the notice names them', () => {
    expect(Object.values(ORG_KIND_LABELS).map((key) => translate('zh-CN', key))).toEqual(['省教育厅', '主管单位', '申报学校']);
    expect(translate('zh-CN', SCHOOL_TYPE_LABELS.higher_vocational)).toBe('高职');
    expect(translate('zh-CN', SCHOOL_TYPE_LABELS.secondary_vocational)).toBe('中职');
  });
});
