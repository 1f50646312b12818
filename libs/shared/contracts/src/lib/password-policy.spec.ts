import { describe, expect, it } from '@jest/globals';
import { passwordProblems } from './password-policy';

describe('passwordProblems', () => {
  it('accepts a long password of three classes', () => {
    expect(passwordProblems('Huanghe-2024-qiao')).toEqual([]);
    expect(passwordProblems('黄河大桥Bridge2024')).toEqual([]);
  });

  it.each([
    ['Short1!', ['too_short']],
    ['alllowercaseletters', ['too_few_classes']],
    ['lowercase123456', ['too_few_classes']],
    ['Password123!', ['common_password']],
    ['Woaini1314!!', ['common_password']],
  ])('refuses %s for %o', (password, problems) => {
    expect(passwordProblems(password)).toEqual(problems);
  });

  it('refuses a password containing the username, a part of it or the name', () => {
    expect(passwordProblems('S1Admin-Strong9', { username: 's1.admin' })).toEqual(['contains_name']);
    expect(passwordProblems('Zhang-San-20240816', { username: 'zs', displayName: 'zhang-san' })).toEqual(['contains_name']);
    expect(passwordProblems('Yellow-River-2024', { username: 's1.admin', displayName: '张三' })).toEqual([]);
  });
});
