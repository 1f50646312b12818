import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { type ContentHashInput, contentDocument, contentHash, formatContentHash } from './content-hash';

const file = { id: 'f1', filename: '合作协议.pdf', mediaType: 'application/pdf', size: 1024, sha256: 'AB'.repeat(32), sm3: 'cd'.repeat(32) };
const base: ContentHashInput = {
  template: 'dahe-2024',
  sections: { school_foundation: { text: '学校始建于1958年。' }, schedule: { rows: [{ task: '共建实训基地', goals: { '2024': 'a', '2025': 'b', '2026': 'c' } }] } },
  evidence: [
    { id: 'b-item', category: 'degree', title: '学历证书', isAgreement: false, files: [file] },
    { id: 'a-item', category: 'skills_training', title: '合作协议', isAgreement: true, files: [{ ...file, id: 'f3' }, { ...file, id: 'f2' }] },
  ],
};

describe('content hash', () => {
  it('is SM3 over the RFC 8785 text of the document, and says which algorithm in its text form', () => {
    const empty: ContentHashInput = { template: 'dahe-2024', sections: { school_foundation: { text: '职教出海' } }, evidence: [] };
    // Written out by hand: keys sorted at every depth, no white space, UTF-8.
    const canonical =
      '{"evidence":[],"format":"dahe-content/1","sections":{"approach_tasks":null,"basic_info":null,"cover":null,"expected_outcomes":null,' +
      '"partner_profile":null,"progress_to_date":null,"purpose_goals":null,"safeguards":null,"schedule":null,"school_foundation":{"text":"职教出海"}},"template":"dahe-2024"}';
    expect(contentHash(empty, 'sm3').equals(createHash('sm3').update(Buffer.from(canonical, 'utf8')).digest())).toBe(true);
    expect(contentHash(empty, 'sha256').equals(createHash('sha256').update(Buffer.from(canonical, 'utf8')).digest())).toBe(true);
    const sm3 = contentHash(base, 'sm3');
    expect(sm3).toHaveLength(32);
    expect(formatContentHash('sm3', sm3)).toBe(`sm3:${sm3.toString('hex')}`);
    expect(contentHash(base, 'sha256').equals(sm3)).toBe(false);
  });

  it('lists every section of the template, unsaved ones as null, and drops keys the template does not have', () => {
    const doc = contentDocument({ ...base, sections: { ...base.sections, not_a_section: { text: 'x' } } }) as { sections: Record<string, unknown> };
    expect(Object.keys(doc.sections)).toEqual(['cover', 'basic_info', 'school_foundation', 'partner_profile', 'progress_to_date', 'purpose_goals', 'approach_tasks', 'expected_outcomes', 'schedule', 'safeguards']);
    expect(doc.sections['cover']).toBeNull();
    expect(contentHash({ ...base, sections: { ...base.sections, not_a_section: 1 } }, 'sm3').equals(contentHash(base, 'sm3'))).toBe(true);
  });

  it('does not depend on the order of rows, keys or uploads, nor on hex case', () => {
    const shuffled: ContentHashInput = {
      template: 'dahe-2024',
      sections: { schedule: base.sections['schedule'], school_foundation: { text: '学校始建于1958年。' } },
      evidence: [...base.evidence].reverse().map((item) => ({ ...item, files: [...item.files].reverse().map((f) => ({ ...f, sha256: f.sha256.toLowerCase() })) })),
    };
    expect(contentHash(shuffled, 'sm3').equals(contentHash(base, 'sm3'))).toBe(true);
  });

  it('changes with any text, the template version, an evidence title or flag, and any file digest', () => {
    const h = (input: ContentHashInput) => contentHash(input, 'sm3').toString('hex');
    const original = h(base);
    const variants: ContentHashInput[] = [
      { ...base, sections: { ...base.sections, school_foundation: { text: '学校始建于1959年。' } } },
      { ...base, template: 'dahe-2025' },
      { ...base, evidence: base.evidence.map((item, i) => (i === 0 ? { ...item, title: '学历证书（新）' } : item)) },
      { ...base, evidence: base.evidence.map((item, i) => (i === 0 ? { ...item, isAgreement: true } : item)) },
      { ...base, evidence: base.evidence.map((item, i) => (i === 0 ? { ...item, files: [{ ...file, sm3: 'ce'.repeat(32) }] } : item)) },
      { ...base, evidence: base.evidence.map((item, i) => (i === 0 ? { ...item, files: [{ ...file, sha256: 'ac'.repeat(32) }] } : item)) },
      { ...base, evidence: base.evidence.slice(1) },
    ];
    const hashes = variants.map(h);
    expect(hashes).not.toContain(original);
    expect(new Set(hashes).size).toBe(variants.length);
  });
});
