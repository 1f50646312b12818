import { isCode } from './codes';
import { SCHEDULE_YEARS, type SectionKey } from './content';

/** A draft may leave fields out, but what it sends must have the right shape: no unknown fields, no wrong types. */
const MAX_TEXT = 100_000;
const MAX_ROWS = 50;

type Check = (value: unknown, path: string, problems: string[]) => void;

const text: Check = (value, path, problems) => {
  if (typeof value !== 'string') problems.push(`${path} must be text`);
  else if (value.length > MAX_TEXT) problems.push(`${path} is longer than ${MAX_TEXT} characters`);
};
const boolean: Check = (value, path, problems) => {
  if (typeof value !== 'boolean') problems.push(`${path} must be true or false`);
};
const textList: Check = (value, path, problems) => {
  if (!Array.isArray(value)) problems.push(`${path} must be a list of texts`);
  else if (value.length > MAX_ROWS) problems.push(`${path} has more than ${MAX_ROWS} entries`);
  else value.forEach((item, index) => text(item, `${path}[${index}]`, problems));
};
const codes: Check = (value, path, problems) => {
  if (!Array.isArray(value)) problems.push(`${path} must be a list of codes`);
  else value.forEach((item, index) => (isCode(item) ? undefined : problems.push(`${path}[${index}] is not a 合作形式 code`)));
};

function object(fields: Record<string, Check>): Check {
  return (value, path, problems) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${path} must be an object`);
      return;
    }
    for (const [key, member] of Object.entries(value)) {
      const check = fields[key];
      if (!check) problems.push(`${path}.${key} is not a field of this section`);
      else if (member !== null && member !== undefined) check(member, `${path}.${key}`, problems);
    }
  };
}

const scheduleRow = object({ task: text, goals: object(Object.fromEntries(SCHEDULE_YEARS.map((year) => [year, text]))) });

const SHAPES: Record<SectionKey, Check> = {
  cover: object({ cooperationForms: codes, contactName: text, contactMobile: text, filledOn: text }),
  basic_info: object({
    projectName: text,
    partnerEnterprises: textList,
    partnerInstitution: text,
    countryCode: text,
    establishedOn: text,
    hasIntlMechanism: boolean,
    intlInAssessment: boolean,
    hasSafetyMechanism: boolean,
    overseasFiled: boolean,
  }),
  school_foundation: object({ text }),
  partner_profile: object({ text }),
  progress_to_date: object({ text }),
  purpose_goals: object({ text }),
  approach_tasks: object({ text }),
  expected_outcomes: object({ text }),
  schedule: object({
    rows: (value, path, problems) => {
      if (!Array.isArray(value)) problems.push(`${path} must be a list of rows`);
      else if (value.length > MAX_ROWS) problems.push(`${path} has more than ${MAX_ROWS} rows`);
      else value.forEach((row, index) => scheduleRow(row, `${path}[${index}]`, problems));
    },
  }),
  safeguards: object({ text }),
};

/**
 * What is wrong with the shape of a section's content (empty when nothing). Limits in 字 are not shape:
 * over-long text is saved and reported by the validation, so nobody loses what they typed.
 */
export function sectionContentProblems(key: SectionKey, content: unknown): string[] {
  const problems: string[] = [];
  SHAPES[key](content, 'content', problems);
  return problems;
}
