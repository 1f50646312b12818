import { COOPERATION_FORM_LABELS, EVIDENCE_CATEGORY_LABELS, isCode, type Lang } from './codes';
import { SECTION_KEYS, isSectionKey, type SectionKey } from './content';
import { DAHE_2024_SECTIONS, type FieldDefinition } from './template';

/** Codes of the failures that keep an application from being ready to sign. */
export const ISSUE_CODES = [
  'required',
  'over_limit',
  'invalid_mobile',
  'invalid_date',
  'invalid_country',
  'no_cooperation_form',
  'evidence_missing',
  'no_agreement',
  'country_prohibited',
  'schedule_incomplete',
  'unanswered',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** Codes of what a drafter should know but that does not block signing. */
export const WARNING_CODES = ['country_caution', 'country_unlisted'] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export type MessageCode = IssueCode | WarningCode;

/** The section an issue belongs to: a drafted section, or the evidence binder (佐证材料). */
export type IssueSection = SectionKey | 'evidence';

/** Report order: the drafted sections in template order, then the evidence binder. */
export const ISSUE_SECTIONS: readonly IssueSection[] = [...SECTION_KEYS, 'evidence'];

/**
 * One failure, as `GET /api/applications/:id/validation` carries it. `field` is the content path
 * (`contactMobile`, `text`, `rows[0].goals.2025`), or the 合作形式 code for evidence issues.
 * `message` is zh-CN; clients translate by `code` with {@link issueMessage}.
 */
export interface ValidationIssue<C extends MessageCode = IssueCode> {
  section: IssueSection;
  field?: string;
  code: C;
  message: string;
  /** 字 counted, for `over_limit`. */
  count?: number;
  /** 字 allowed, for `over_limit`. */
  limit?: number;
}

export type ValidationWarning = ValidationIssue<WarningCode>;

/** What a message is rendered from: an issue without its message. */
export type IssueFacts = Omit<ValidationIssue<MessageCode>, 'message'>;

type MessageMap = Readonly<Record<MessageCode, (issue: IssueFacts) => string>>;

const ROW_FIELD = /^rows\[(\d+)\](?:\.(task)|\.goals\.(\d{4}))?$/;

/** The name of what an issue is about, for messages: a field label, a section title or a table cell. */
export function issueSubject(issue: Pick<IssueFacts, 'section' | 'field'>, lang: Lang): string {
  const { section, field } = issue;
  if (section === 'evidence') return isCode(field) ? EVIDENCE_CATEGORY_LABELS[field][lang] : '';
  if (!isSectionKey(section)) return '';
  const definition = DAHE_2024_SECTIONS[section];
  if (definition.kind === 'fields') {
    const fields: readonly FieldDefinition[] = definition.fields;
    return fields.find((candidate) => candidate.key === field)?.label[lang] ?? definition.title[lang];
  }
  if (definition.kind === 'schedule') {
    const match = field ? ROW_FIELD.exec(field) : null;
    if (!match) return definition.title[lang];
    const row = Number(match[1]) + 1;
    const year = match[3];
    if (lang === 'en') return year ? `Row ${row}, ${year} goal` : `Row ${row}, task`;
    return year ? `第${row}项分项任务的${year}年年度目标` : `第${row}项分项任务`;
  }
  return definition.title[lang];
}

function zhMessages(): MessageMap {
  const s = (issue: IssueFacts) => issueSubject(issue, 'zh-CN');
  return {
    required: (i) => `请填写“${s(i)}”。`,
    over_limit: (i) => `“${s(i)}”共${i.count ?? '?'}字，超过${i.limit ?? '?'}字的上限。`,
    invalid_mobile: (i) => `“${s(i)}”应为11位中国大陆手机号码（以13至19开头）。`,
    invalid_date: (i) =>
      i.field === 'establishedOn'
        ? `“${s(i)}”应为有效的年月，格式为YYYY-MM。`
        : `“${s(i)}”应为有效的日期，格式为YYYY-MM-DD。`,
    invalid_country: (i) => `“${s(i)}”应为ISO 3166-1两位字母国家代码（如KE）。`,
    no_cooperation_form: () => '请至少选择一种合作形式。',
    evidence_missing: (i) =>
      `已选择合作形式“${isCode(i.field) ? COOPERATION_FORM_LABELS[i.field]['zh-CN'] : ''}”，请上传至少一项“${s(i)}”类佐证材料。`,
    no_agreement: () => '请至少上传一项与合作方签署的具有法律约束力的合作协议，并标记为“合作协议”（申报条件二）。',
    country_prohibited: () => '所在国家被列为禁止前往的国家。按照“危地不往、乱地不去”的要求，不得在该国开展项目。',
    schedule_incomplete: (i) => {
      const match = i.field ? ROW_FIELD.exec(i.field) : null;
      if (!match) return '建设进度至少需要一项分项任务。';
      return match[2] ? `请填写第${Number(match[1]) + 1}项分项任务的任务内容。` : `请填写“${s(i)}”。`;
    },
    unanswered: (i) => `请回答“${s(i)}”（是或否）。`,
    country_caution: () => '所在国家被列为需谨慎前往的国家。请强化底线思维，加强风险研判，完善应急处置机制。',
    country_unlisted: () => '所在国家不在本批次的国别风险清单中，请向省教育厅确认。',
  };
}

function enMessages(): MessageMap {
  const s = (issue: IssueFacts) => issueSubject(issue, 'en');
  return {
    required: (i) => `Please fill in “${s(i)}”.`,
    over_limit: (i) => `“${s(i)}” has ${i.count ?? '?'} characters, over the limit of ${i.limit ?? '?'}.`,
    invalid_mobile: (i) => `“${s(i)}” must be an 11-digit mainland China mobile number starting with 13 to 19.`,
    invalid_date: (i) =>
      i.field === 'establishedOn'
        ? `“${s(i)}” must be a valid year and month, YYYY-MM.`
        : `“${s(i)}” must be a valid date, YYYY-MM-DD.`,
    invalid_country: (i) => `“${s(i)}” must be a two-letter ISO 3166-1 country code (such as KE).`,
    no_cooperation_form: () => 'Please choose at least one form of cooperation.',
    evidence_missing: (i) =>
      `“${isCode(i.field) ? COOPERATION_FORM_LABELS[i.field].en : ''}” is chosen as a form of cooperation: please upload at least one piece of “${s(i)}” evidence.`,
    no_agreement: () =>
      'Please upload at least one legally binding cooperation agreement signed with the partner and mark it as “cooperation agreement” (eligibility condition 2).',
    country_prohibited: () =>
      'The country is on the prohibited list. Under the rule “do not go where it is dangerous or in turmoil” (危地不往、乱地不去), no project may be carried out there.',
    schedule_incomplete: (i) => {
      const match = i.field ? ROW_FIELD.exec(i.field) : null;
      if (!match) return 'The schedule needs at least one task.';
      return match[2] ? `Please describe the task in row ${Number(match[1]) + 1}.` : `Please fill in “${s(i)}”.`;
    },
    unanswered: (i) => `Please answer “${s(i)}” (yes or no).`,
    country_caution: () =>
      'The country is on the caution list. Think through the worst case, assess the risks closely and prepare the emergency response.',
    country_unlisted: () => 'The country is not on this call’s country risk list; please check with the Provincial Department of Education.',
  };
}

/** Message renderers by language and code; the validator fills `message` from the zh-CN map. */
export const ISSUE_MESSAGES: Readonly<Record<Lang, MessageMap>> = { 'zh-CN': zhMessages(), en: enMessages() };
export const ISSUE_MESSAGES_ZH: MessageMap = ISSUE_MESSAGES['zh-CN'];
export const ISSUE_MESSAGES_EN: MessageMap = ISSUE_MESSAGES.en;

/** An issue's (or warning's) message in the given language. */
export function issueMessage(issue: IssueFacts, lang: Lang): string {
  return ISSUE_MESSAGES[lang][issue.code](issue);
}
