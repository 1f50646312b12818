import { SECTION_KEYS, type SectionKey, type SectionsInput } from './content';
import { DAHE_2024_SECTIONS, type FieldDefinition } from './template';
import { asArray, asRecord, isFilled, isFilledText } from './values';

/** How much of one section is filled in: answers given out of answers the template asks for. */
export interface SectionCompleteness {
  filled: number;
  required: number;
  /** `filled === required`. Says nothing about limits or formats: that is validateApplication's. */
  complete: boolean;
}

/**
 * Per section, in template order: the cover's and 基本信息's required fields (申报学校 is derived and not
 * counted), one text per narrative section, and for 建设进度 four cells (task and three 年度目标) per row,
 * counting one empty row when there is none.
 */
export function sectionCompleteness(sections: SectionsInput): Record<SectionKey, SectionCompleteness> {
  const result = {} as Record<SectionKey, SectionCompleteness>;
  for (const key of SECTION_KEYS) {
    const [filled, required] = counts(key, asRecord(sections[key]));
    result[key] = { filled, required, complete: filled === required };
  }
  return result;
}

function counts(key: SectionKey, content: Record<string, unknown>): [filled: number, required: number] {
  const definition = DAHE_2024_SECTIONS[key];
  switch (definition.kind) {
    case 'fields': {
      const fields = (definition.fields as readonly FieldDefinition[]).filter((field) => field.required && !field.derived);
      return [fields.filter((field) => isFilled(field.type, content[field.key])).length, fields.length];
    }
    case 'narrative':
      return [isFilledText(content['text']) ? 1 : 0, 1];
    case 'schedule': {
      const rows = asArray(content['rows']).map(asRecord);
      const cellsPerRow = 1 + definition.years.length;
      const filled = rows.reduce((sum, row) => {
        const goals = asRecord(row['goals']);
        return sum + (isFilledText(row['task']) ? 1 : 0) + definition.years.filter((year) => isFilledText(goals[year])).length;
      }, 0);
      return [filled, Math.max(rows.length, definition.minRows) * cellsPerRow];
    }
  }
}
