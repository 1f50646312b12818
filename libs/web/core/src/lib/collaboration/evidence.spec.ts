import { describe, expect, it } from '@jest/globals';
import { EVIDENCE_APPLICATION_LIMIT, EVIDENCE_FILE_LIMIT, type EvidenceItemDto } from '@dahe/shared/contracts';
import { translate } from '../i18n/translate';
import {
  describeEvidenceChangeFailure,
  describeEvidenceUploadFailure,
  evidenceBytes,
  evidenceFileProblem,
  evidenceTotalProblem,
  groupEvidence,
  shortDigest,
} from './evidence';

const item = (id: string, category: string, sizes: number[]): EvidenceItemDto => ({
  id,
  category,
  title: id,
  isAgreement: false,
  createdAt: '2024-08-01T00:00:00Z',
  files: sizes.map((size, i) => ({ id: `${id}-${i}`, filename: `${id}.pdf`, mediaType: 'application/pdf', size, sha256: 'a'.repeat(64), sm3: 'b'.repeat(64) })),
});

describe('evidenceFileProblem', () => {
  it('accepts PDF, JPEG and PNG by name and type, up to 20 MB', () => {
    expect(evidenceFileProblem({ name: '协议.pdf', size: 1000, type: 'application/pdf' })).toBeUndefined();
    expect(evidenceFileProblem({ name: 'photo.JPG', size: 1000, type: 'image/jpeg' })).toBeUndefined();
    expect(evidenceFileProblem({ name: 'scan.png', size: EVIDENCE_FILE_LIMIT, type: '' })).toBeUndefined();
  });

  it('refuses other types, empty files and files over 20 MB, naming the file', () => {
    expect(evidenceFileProblem({ name: '方案.docx', size: 10, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' })).toEqual({
      key: 'collab.evidence.file.badType',
      params: { name: '方案.docx' },
    });
    expect(evidenceFileProblem({ name: 'x.pdf', size: 10, type: 'text/plain' })?.key).toBe('collab.evidence.file.badType');
    expect(evidenceFileProblem({ name: 'x.pdf', size: 0, type: 'application/pdf' })?.key).toBe('collab.evidence.file.empty');
    const big = evidenceFileProblem({ name: '大.pdf', size: EVIDENCE_FILE_LIMIT + 1, type: 'application/pdf' });
    expect(big).toEqual({ key: 'collab.evidence.file.tooLarge', params: { name: '大.pdf', size: '20.0 MB' } });
    expect(translate('zh-CN', big!.key, big!.params)).toBe('“大.pdf”大小为 20.0 MB，超过单个文件 20 MB 的上限。');
  });
});

describe('evidenceTotalProblem', () => {
  it('refuses what would take the application past 200 MB, saying what is left', () => {
    const used = EVIDENCE_APPLICATION_LIMIT - 5 * 1024 * 1024;
    expect(evidenceTotalProblem([{ name: 'a.pdf', size: 5 * 1024 * 1024, type: '' }], used)).toBeUndefined();
    expect(evidenceTotalProblem([{ name: 'a.pdf', size: 6 * 1024 * 1024, type: '' }], used)).toEqual({
      key: 'collab.evidence.total.tooLarge',
      params: { adding: '6.0 MB', left: '5.0 MB' },
    });
  });

  it('adds up the files of every item', () => {
    expect(evidenceBytes([item('a', 'degree', [10, 20]), item('b', 'research', [5])])).toBe(35);
  });
});

describe('describeEvidenceUploadFailure', () => {
  it('says which file the server found not to be a PDF, JPEG or PNG, with the server’s words', () => {
    const body = { statusCode: 400, code: 'validation_failed', message: '“伪装.pdf” is not a PDF, JPEG or PNG file' };
    expect(describeEvidenceUploadFailure(400, body)).toEqual({
      message: { key: 'collab.evidence.error.notEvidence', params: { name: '伪装.pdf' } },
      detail: '“伪装.pdf” is not a PDF, JPEG or PNG file',
    });
    expect(describeEvidenceUploadFailure(415, { statusCode: 415, code: 'validation_failed', message: 'Unsupported Media Type' }).message.key).toBe(
      'collab.evidence.error.badType',
    );
  });

  it('tells the 20 MB of a file from the 200 MB of an application', () => {
    expect(describeEvidenceUploadFailure(413, { statusCode: 413, code: 'payload_too_large', message: 'File too large' }).message.key).toBe(
      'collab.evidence.error.fileTooLarge',
    );
    expect(
      describeEvidenceUploadFailure(413, { statusCode: 413, code: 'payload_too_large', message: 'The evidence of one application is limited to 200 MB in all' }).message.key,
    ).toBe('collab.evidence.error.totalTooLarge');
  });

  it('shows the field problems of a 400/422 and the state problem of a 409', () => {
    expect(
      describeEvidenceUploadFailure(422, { statusCode: 422, code: 'validation_failed', message: 'Validation failed', details: ['title must be longer than or equal to 1 characters'] }),
    ).toEqual({ message: { key: 'collab.evidence.error.invalid' }, detail: 'title must be longer than or equal to 1 characters' });
    expect(describeEvidenceUploadFailure(409, { statusCode: 409, code: 'conflict', message: 'The application is signed' }).message.key).toBe('collab.evidence.error.notDraft');
  });

  it('falls back to the general messages (network, server)', () => {
    expect(describeEvidenceUploadFailure(0, null).message.key).toBe('error.network');
    expect(describeEvidenceUploadFailure(500, null).message.key).toBe('error.server');
  });
});

describe('describeEvidenceChangeFailure', () => {
  it('names the sections that cite an item the API refuses to remove', () => {
    const body = { statusCode: 409, code: 'conflict', message: 'The item is cited in partner_profile, safeguards; remove the citations first', details: ['partner_profile', 'safeguards'] };
    const view = describeEvidenceChangeFailure(409, body, 'zh-CN');
    expect(view.message).toEqual({ key: 'collab.evidence.error.cited', params: { sections: '2.2 合作单位简介、4 保障措施' } });
    expect(translate('zh-CN', view.message.key, view.message.params)).toContain('正被 2.2 合作单位简介、4 保障措施 引用');
    expect(describeEvidenceChangeFailure(409, body, 'en').message.params).toEqual({ sections: '2.2 The partners, 4 Safeguards' });
  });

  it('says a missing item is gone and a non-draft cannot change', () => {
    expect(describeEvidenceChangeFailure(404, { statusCode: 404, code: 'not_found', message: 'Evidence item not found' }, 'zh-CN').message.key).toBe('collab.evidence.error.gone');
    expect(describeEvidenceChangeFailure(409, { statusCode: 409, code: 'conflict', message: 'The application is signed; evidence changes only in a draft' }, 'zh-CN').message.key).toBe(
      'collab.evidence.error.notDraft',
    );
  });
});

describe('groupEvidence', () => {
  it('lists the six categories in the notice’s order, empty ones too', () => {
    const groups = groupEvidence([item('r', 'research', [1]), item('d', 'degree', [1]), item('d2', 'degree', [1])]);
    expect(groups.map((g) => [g.code, g.items.map((i) => i.id)])).toEqual([
      ['degree', ['d', 'd2']],
      ['skills_training', []],
      ['tech_service', []],
      ['research', ['r']],
      ['equipment_export', []],
      ['cultural_exchange', []],
    ]);
  });
});

describe('shortDigest', () => {
  it('keeps the head and tail of a long digest', () => {
    expect(shortDigest('5a838678058f6de375e8635b5f2fea47a4e5f07cb1a882a44b10f39abc6f34ff')).toBe('5a838678…6f34ff');
    expect(shortDigest('abc')).toBe('abc');
  });
});
