import { describe, expect, it } from '@jest/globals';
import type { CallDto, SchoolHomeDto, SupervisorDashboardDto } from '@dahe/shared/contracts';
import type { Lang } from '../i18n/lang';
import { translate } from '../i18n/translate';
import type { TranslationKey } from '../i18n/zh-CN';
import { dashboardCallId, schoolHomeView, sectionTitle, stateCounts, supervisorView } from './workspace-dashboards';

const t = (lang: Lang) => (key: TranslationKey, params?: Record<string, string | number>) => translate(lang, key, params);

const call = (id: string, status: CallDto['status'], deadline: string): CallDto =>
  ({ id, orgId: 'p', title: id, year: 2024, template: 'dahe-2024', opensAt: '2024-07-01T00:00:00Z', deadline, perSchoolLimit: 2, contact: {}, countryRisk: {}, status }) as unknown as CallDto;

describe('workspace dashboards', () => {
  it('opens on the open call with the soonest deadline, never a draft', () => {
    const now = Date.parse('2024-08-01T00:00:00Z');
    expect(dashboardCallId([call('old', 'closed', '2023-08-16T16:00:00Z'), call('draft', 'draft', '2024-08-02T00:00:00Z'), call('late', 'open', '2024-12-01T00:00:00Z'), call('soon', 'open', '2024-08-16T16:00:00Z')], now)).toBe('soon');
    expect(dashboardCallId([call('old', 'closed', '2023-08-16T16:00:00Z')], now)).toBe('old');
    expect(dashboardCallId([], now)).toBeNull();
  });

  it('counts by state in the workflow order, zero counts left out', () => {
    expect(
      stateCounts([
        { key: 'submitted', label: '', count: 1 },
        { key: 'draft', label: '', count: 2 },
        { key: 'signed', label: '', count: 0 },
      ]),
    ).toEqual([
      { state: 'draft', label: 'editor.state.draft', count: 2, color: 'default' },
      { state: 'submitted', label: 'editor.state.submitted', count: 1, color: 'blue' },
    ]);
  });

  it('supervisor: what waits links to the signing page, oldest first; schools with waiting work come first', () => {
    const dto: SupervisorDashboardDto = {
      callId: 'c',
      deadline: '2024-08-16T16:00:00Z',
      schools: [
        { schoolId: 'a', schoolName: '郑州市电子信息工程学校', applications: [] },
        { schoolId: 'b', schoolName: '郑州黄河职业技术学院', applications: [{ id: 'x1', state: 'draft', projectName: null, updatedAt: '2024-08-01T02:00:00Z' }] },
        {
          schoolId: 'c',
          schoolName: '郑州商贸旅游职业学院',
          applications: [
            { id: 'y2', state: 'submitted', projectName: '乙', updatedAt: '2024-08-02T02:00:00Z' },
            { id: 'y1', state: 'signed', projectName: '甲', updatedAt: '2024-08-03T02:00:00Z' },
          ],
        },
      ],
      waiting: [
        { id: 'y1', schoolName: '郑州商贸旅游职业学院', projectName: '甲', signedAt: '2024-08-03T02:00:00Z' },
        { id: 'z9', schoolName: '郑州黄河职业技术学院', projectName: '丙', signedAt: '2024-08-01T02:00:00Z' },
      ],
      byState: [
        { key: 'signed', label: '', count: 1 },
        { key: 'draft', label: '', count: 1 },
        { key: 'submitted', label: '', count: 1 },
      ],
    };
    const view = supervisorView(dto, 'zh-CN');
    expect(view.waiting.map((w) => [w.id, w.signedAt, w.link])).toEqual([
      ['z9', '2024-08-01 10:00:00', ['/applications', 'z9', 'sign']],
      ['y1', '2024-08-03 10:00:00', ['/applications', 'y1', 'sign']],
    ]);
    expect(view.schools.map((s) => [s.schoolName, s.waiting])).toEqual([
      ['郑州商贸旅游职业学院', 1],
      ['郑州黄河职业技术学院', 0],
      ['郑州市电子信息工程学校', 0],
    ]);
    expect(view.schools[0]!.applications.map((a) => a.state)).toEqual(['signed', 'submitted']);
    expect(view.total).toBe(3);
    expect(view.byState.map((s) => s.state)).toEqual(['draft', 'signed', 'submitted']);
  });

  it('school: sections in the form’s order with numbers, progress, whom it waits for, the published decision', () => {
    const dto: SchoolHomeDto = {
      applications: [
        {
          id: 'a1',
          callId: 'c',
          callTitle: '2024年大河工坊',
          deadline: '2024-08-16T16:00:00Z',
          state: 'signed',
          projectName: '中泰职教出海',
          sections: [
            { key: 'safeguards', filled: false, assignee: null },
            { key: 'cover', filled: true, assignee: '黄丽（项目联系人）' },
            { key: 'school_foundation', filled: true, assignee: '吴强（起草人）' },
            { key: 'basic_info', filled: true, assignee: null },
          ],
          waitingFor: { role: 'supervisor_reviewer', organisationName: '郑州市教育局' },
          decision: null,
        },
        {
          id: 'a0',
          callId: 'c0',
          callTitle: '2023年',
          deadline: '2023-08-16T16:00:00Z',
          state: 'approved',
          projectName: null,
          sections: [],
          waitingFor: null,
          decision: { decision: 'approved', note: '同意立项', publishedAt: '2023-10-01T01:00:00Z' },
        },
      ],
    };
    const [current, past] = schoolHomeView(dto, 'zh-CN', t('zh-CN'));
    expect(current!.sections.map((s) => s.title)).toEqual(['封面', '1 基本信息', '2.1 学校办学基础', '4 保障措施']);
    expect([current!.filled, current!.total, current!.percent]).toEqual([3, 4, 75]);
    expect(current!.deadline).toBe('2024-08-16 24:00');
    expect(current!.waitingFor).toBe('等待：郑州市教育局 · 主管单位审核人');
    expect(current!.link).toEqual(['/applications', 'a1']);
    expect(past!.waitingFor).toBeNull();
    expect(past!.decision).toEqual({ approved: true, label: 'dash.school.decision.approved', note: '同意立项', publishedAt: '2023-10-01 09:00:00' });
    expect(sectionTitle('approach_tasks', 'en')).toBe('3.2 Approach, key tasks and measures');
  });
});
