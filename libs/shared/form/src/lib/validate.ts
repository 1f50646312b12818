import { type Code, type CountryRisk } from './codes';
import { countZi } from './count-zi';
import { isCountryCode } from './countries';
import { SECTION_KEYS, type SectionKey, type SectionsInput } from './content';
import {
  type IssueCode,
  type IssueFacts,
  issueMessage,
  type MessageCode,
  type ValidationIssue,
  type ValidationWarning,
  type WarningCode,
} from './issues';
import { DAHE_2024_SECTIONS, type FieldDefinition, type NarrativeSectionDefinition, type ScheduleSectionDefinition } from './template';
import { asArray, asRecord, chosenCodes, isFilled, isFilledText } from './values';

/** What the validator needs to know of one evidence item. */
export interface EvidenceSummary {
  category: Code;
  /** Flagged as a cooperation agreement (合作协议). */
  isAgreement: boolean;
}

/** The call's country risk list; `undefined` for a country the list does not name. */
export type CountryRiskLookup = (iso2: string) => CountryRisk | undefined;

export interface ValidationInput {
  sections: SectionsInput;
  evidence: readonly EvidenceSummary[];
  countryRisk: CountryRiskLookup;
}

export interface ValidationReport {
  /** Ready to sign: true only when there is no issue. Warnings never block. */
  ready: boolean;
  /** Every failure, in template order (sections in order, fields in order, then evidence). */
  issues: ValidationIssue[];
  /** Advice that does not block signing (a country on the caution list, or not on the list). */
  warnings: ValidationWarning[];
}

/** Mainland mobile: 11 digits, 1 then 3–9. */
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The "ready to sign" check of domain.md over template dahe-2024: every required field filled, every
 * 字 limit kept, at least one 合作形式 with evidence of each chosen form, at least one cooperation
 * agreement (申报条件 二), the country not prohibited (危地不往、乱地不去), the four yes/no answered and
 * the schedule complete. Pure: the same report in the browser and on the server.
 */
export function validateApplication(input: ValidationInput): ValidationReport {
  const report = new Report();
  for (const key of SECTION_KEYS) checkSection(report, key, input);
  checkEvidence(report, input);
  return { ready: report.issues.length === 0, issues: report.issues, warnings: report.warnings };
}

class Report {
  readonly issues: ValidationIssue[] = [];
  readonly warnings: ValidationWarning[] = [];

  issue(code: IssueCode, facts: Omit<IssueFacts, 'code'>): void {
    this.issues.push(withMessage({ ...facts, code }));
  }

  warning(code: WarningCode, facts: Omit<IssueFacts, 'code'>): void {
    this.warnings.push(withMessage({ ...facts, code }));
  }
}

function withMessage<C extends MessageCode>(facts: IssueFacts & { code: C }): ValidationIssue<C> {
  return { ...facts, message: issueMessage(facts, 'zh-CN') };
}

function checkSection(report: Report, key: SectionKey, input: ValidationInput): void {
  const content = asRecord(input.sections[key]);
  const definition = DAHE_2024_SECTIONS[key];
  switch (definition.kind) {
    case 'fields':
      for (const field of definition.fields as readonly FieldDefinition[]) {
        if (!field.derived) checkField(report, key, field, content[field.key], input);
      }
      return;
    case 'narrative':
      checkNarrative(report, definition, content);
      return;
    case 'schedule':
      checkSchedule(report, definition, content);
      return;
  }
}

function checkField(report: Report, section: SectionKey, field: FieldDefinition, value: unknown, input: ValidationInput): void {
  const at = { section, field: field.key };
  if (!isFilled(field.type, value)) {
    if (!field.required) return;
    const code = field.type === 'boolean' ? 'unanswered' : field.type === 'cooperationForms' ? 'no_cooperation_form' : 'required';
    report.issue(code, at);
    return;
  }
  const text = typeof value === 'string' ? value.trim() : '';
  switch (field.type) {
    case 'mobile':
      if (!MAINLAND_MOBILE.test(text)) report.issue('invalid_mobile', at);
      return;
    case 'date':
      if (!isCalendarDate(text)) report.issue('invalid_date', at);
      return;
    case 'yearMonth':
      if (!YEAR_MONTH.test(text)) report.issue('invalid_date', at);
      return;
    case 'country': {
      // An ISO code of a country abroad: not CN, nor Hong Kong, Macao or Taiwan.
      if (!isCountryCode(text)) {
        report.issue('invalid_country', at);
        return;
      }
      const risk = input.countryRisk(text);
      if (risk === 'prohibited') report.issue('country_prohibited', at);
      else if (risk === 'caution') report.warning('country_caution', at);
      else if (risk === undefined) report.warning('country_unlisted', at);
      return;
    }
    default:
      return;
  }
}

function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function checkText(report: Report, section: SectionKey, field: string, value: unknown, limit: number, missing: IssueCode): void {
  if (!isFilledText(value)) {
    report.issue(missing, { section, field });
    return;
  }
  const count = countZi(value);
  if (count > limit) report.issue('over_limit', { section, field, count, limit });
}

function checkNarrative(report: Report, definition: NarrativeSectionDefinition, content: Record<string, unknown>): void {
  checkText(report, definition.key, 'text', content['text'], definition.limit, 'required');
}

function checkSchedule(report: Report, definition: ScheduleSectionDefinition, content: Record<string, unknown>): void {
  const rows = asArray(content['rows']);
  if (rows.length < definition.minRows) {
    report.issue('schedule_incomplete', { section: 'schedule', field: 'rows' });
    return;
  }
  rows.forEach((value, index) => {
    const row = asRecord(value);
    if (!isFilledText(row['task'])) report.issue('schedule_incomplete', { section: 'schedule', field: `rows[${index}].task` });
    const goals = asRecord(row['goals']);
    for (const year of definition.years) {
      checkText(report, 'schedule', `rows[${index}].goals.${year}`, goals[year], definition.cellLimit, 'schedule_incomplete');
    }
  });
}

function checkEvidence(report: Report, input: ValidationInput): void {
  const forms = chosenCodes(asRecord(input.sections.cover)['cooperationForms']);
  const categories = new Set(input.evidence.map((item) => item.category));
  for (const code of forms) {
    if (!categories.has(code)) report.issue('evidence_missing', { section: 'evidence', field: code });
  }
  if (!input.evidence.some((item) => item.isAgreement === true)) report.issue('no_agreement', { section: 'evidence' });
}
