// Reading untrusted section content (drafts arrive half filled, from any client): internal helpers
// shared by the validator and the completeness counts, so both agree on what "filled" means.
import { COOPERATION_CODES, type Code, isCode } from './codes';
import type { FieldType } from './template';

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string with something other than whitespace in it. */
export function isFilledText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** The known 合作形式 codes chosen, each once, in template order. */
export function chosenCodes(value: unknown): Code[] {
  const chosen = new Set(asArray(value).filter(isCode));
  return COOPERATION_CODES.filter((code) => chosen.has(code));
}

/** Whether a field of this type holds an answer at all; whether the answer is valid is the validator's. */
export function isFilled(type: FieldType, value: unknown): boolean {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'stringList':
      return asArray(value).some(isFilledText);
    case 'cooperationForms':
      return chosenCodes(value).length > 0;
    default:
      return isFilledText(value);
  }
}
