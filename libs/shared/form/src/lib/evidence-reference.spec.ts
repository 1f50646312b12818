import { describe, expect, it } from '@jest/globals';
import { citedEvidence, evidenceReference, renderEvidenceReferences } from './evidence-reference';

const A = '11111111-2222-4333-8444-555555555555';
const B = '66666666-7777-4888-9999-000000000000';

describe('evidence references', () => {
  it('finds the cited items once each, in order', () => {
    const text = `已签署合作协议${evidenceReference(B)}，并开展培训${evidenceReference(A)}${evidenceReference(B)}。`;
    expect(citedEvidence(text)).toEqual([B, A]);
    expect(citedEvidence('没有引用。〔佐证:not-an-id〕')).toEqual([]);
  });

  it('renders citations by id, so a renamed item needs no change in the text', () => {
    const text = `见协议${evidenceReference(A)}。`;
    expect(renderEvidenceReferences(text, () => '（见佐证材料第12—15页）')).toBe('见协议（见佐证材料第12—15页）。');
    const titles = new Map([[A, '合作协议（修订版）']]);
    expect(renderEvidenceReferences(text, (id) => `〔${titles.get(id)}〕`)).toBe('见协议〔合作协议（修订版）〕。');
  });
});
