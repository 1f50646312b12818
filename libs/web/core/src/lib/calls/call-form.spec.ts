import { describe, expect, it } from '@jest/globals';
import { type CallFormValue, beijingInstant, callFormProblems, describeCreateCallError, newCallForm, toCreateCallRequest } from './call-form';

// 2024-07-20 10:15:30 Beijing time.
const NOW = Date.parse('2024-07-20T02:15:30Z');

const filled = (patch: Partial<CallFormValue> = {}): CallFormValue => ({
  ...newCallForm(NOW),
  title: '2024年“大河工坊”职教出海建设项目',
  deadlineDate: '2024-08-16',
  contactName: '省教育厅职成教处 刘娜',
  contactPhone: '0371-69691878 / 69691013',
  contactEmail: 'zhijiaochuhai@163.com',
  contactAddress: '郑州市郑东新区正光路11号',
  countryRisk: { PK: 'caution', AF: 'prohibited' },
  ...patch,
});

describe('newCallForm', () => {
  it('starts this year (in Beijing), opening now to the minute, closing in 30 days at 24:00', () => {
    expect(newCallForm(NOW)).toMatchObject({ year: 2024, template: 'dahe-2024', opensDate: '2024-07-20', opensTime: '10:15', deadlineDate: '2024-08-19', deadlineTime: '24:00', perSchoolLimit: 1, countryRisk: {} });
  });

  it('takes the Beijing date, not UTC’s, late in the evening', () => {
    expect(newCallForm(Date.parse('2024-12-31T17:00:00Z'))).toMatchObject({ year: 2025, opensDate: '2025-01-01', opensTime: '01:00' });
  });
});

describe('beijingInstant', () => {
  it('turns Beijing wall-clock time into the UTC instant, 24:00 being the end of the day', () => {
    expect(beijingInstant('2024-08-16', '24:00')).toBe('2024-08-16T16:00:00.000Z');
    expect(beijingInstant('2024-08-16', '17:30')).toBe('2024-08-16T09:30:00.000Z');
    expect(beijingInstant('2024-08-16', '9:05')).toBe('2024-08-16T01:05:00.000Z');
    expect(beijingInstant('2024-08-16', '09：05')).toBe('2024-08-16T01:05:00.000Z');
  });

  it('refuses what is not a real date or time', () => {
    expect(beijingInstant('2024-02-30', '10:00')).toBeNull();
    expect(beijingInstant('2024-08-16', '24:30')).toBeNull();
    expect(beijingInstant('2024-08-16', '10:60')).toBeNull();
    expect(beijingInstant('2024-08-16', 'noon')).toBeNull();
    expect(beijingInstant('', '10:00')).toBeNull();
  });
});

describe('callFormProblems', () => {
  it('finds nothing wrong with a complete form', () => {
    expect(callFormProblems(filled(), NOW)).toEqual({});
  });

  it('wants a title of 2 to 200 characters', () => {
    expect(callFormProblems(filled({ title: '  ' }), NOW).title).toEqual({ key: 'calls.form.title.required' });
    expect(callFormProblems(filled({ title: '项' }), NOW).title).toEqual({ key: 'calls.form.title.tooShort' });
    expect(callFormProblems(filled({ title: '项'.repeat(201) }), NOW).title).toEqual({ key: 'calls.form.tooLong', params: { max: 200 } });
  });

  it('wants a year from 2020 to 2100 and a whole limit from 1 to 20', () => {
    expect(callFormProblems(filled({ year: 2019 }), NOW).year).toEqual({ key: 'calls.form.year.invalid' });
    expect(callFormProblems(filled({ year: null }), NOW).year).toEqual({ key: 'calls.form.year.invalid' });
    expect(callFormProblems(filled({ perSchoolLimit: 0 }), NOW).perSchoolLimit).toEqual({ key: 'calls.form.perSchoolLimit.invalid' });
    expect(callFormProblems(filled({ perSchoolLimit: 1.5 }), NOW).perSchoolLimit).toEqual({ key: 'calls.form.perSchoolLimit.invalid' });
    expect(callFormProblems(filled({ perSchoolLimit: 21 }), NOW).perSchoolLimit).toEqual({ key: 'calls.form.perSchoolLimit.invalid' });
    expect(callFormProblems(filled({ perSchoolLimit: 20 }), NOW).perSchoolLimit).toBeUndefined();
  });

  it('checks the dates: filled, real, the deadline after the opening and still ahead', () => {
    expect(callFormProblems(filled({ opensTime: '' }), NOW).opensAt).toEqual({ key: 'calls.form.opensAt.required' });
    expect(callFormProblems(filled({ deadlineTime: '25:00' }), NOW).deadline).toEqual({ key: 'calls.form.deadline.invalid' });
    expect(callFormProblems(filled({ opensDate: '2024-08-17' }), NOW).deadline).toEqual({ key: 'calls.form.deadline.beforeOpens' });
    // 16 August 24:00 equals 17 August 00:00: not after it.
    expect(callFormProblems(filled({ opensDate: '2024-08-17', opensTime: '00:00' }), NOW).deadline).toEqual({ key: 'calls.form.deadline.beforeOpens' });
    expect(callFormProblems(filled({ opensDate: '2024-08-16', opensTime: '23:59' }), NOW).deadline).toBeUndefined();
    expect(callFormProblems(filled({ opensDate: '2024-07-01', deadlineDate: '2024-07-19' }), NOW).deadline).toEqual({ key: 'calls.form.deadline.past' });
  });

  it('wants a contact the schools can reach', () => {
    const problems = callFormProblems(filled({ contactName: '', contactPhone: '' }), NOW);
    expect(problems.contactName).toEqual({ key: 'calls.form.contactName.required' });
    expect(problems.contactPhone).toEqual({ key: 'calls.form.contactPhone.required' });
    expect(callFormProblems(filled({ contactPhone: '电话待定' }), NOW).contactPhone).toEqual({ key: 'calls.form.contactPhone.invalid' });
    expect(callFormProblems(filled({ contactPhone: '123' }), NOW).contactPhone).toEqual({ key: 'calls.form.contactPhone.invalid' });
    expect(callFormProblems(filled({ contactPhone: '+86 139 0371 0004' }), NOW).contactPhone).toBeUndefined();
    expect(callFormProblems(filled({ contactEmail: 'zhijiaochuhai@163' }), NOW).contactEmail).toEqual({ key: 'calls.form.contactEmail.invalid' });
    expect(callFormProblems(filled({ contactEmail: '' }), NOW).contactEmail).toBeUndefined();
    expect(callFormProblems(filled({ contactAddress: '路'.repeat(201) }), NOW).contactAddress).toEqual({ key: 'calls.form.tooLong', params: { max: 200 } });
  });

  it('refuses a risk list naming no real country or level', () => {
    expect(callFormProblems(filled({ countryRisk: { XX: 'ok' } }), NOW).countryRisk).toEqual({ key: 'calls.form.countryRisk.invalid' });
    expect(callFormProblems(filled({ countryRisk: { TH: 'maybe' as never } }), NOW).countryRisk).toEqual({ key: 'calls.form.countryRisk.invalid' });
    expect(callFormProblems(filled({ countryRisk: {} }), NOW).countryRisk).toBeUndefined();
  });
});

describe('toCreateCallRequest', () => {
  it('sends UTC instants, trimmed text, and leaves empty contact fields out', () => {
    expect(toCreateCallRequest(filled({ title: '  大河工坊 ', contactEmail: ' ', contactAddress: '' }))).toEqual({
      title: '大河工坊',
      year: 2024,
      template: 'dahe-2024',
      opensAt: '2024-07-20T02:15:00.000Z',
      deadline: '2024-08-16T16:00:00.000Z',
      perSchoolLimit: 1,
      contact: { name: '省教育厅职成教处 刘娜', phone: '0371-69691878 / 69691013' },
      countryRisk: { PK: 'caution', AF: 'prohibited' },
    });
  });

  it('refuses a form with problems', () => {
    expect(() => toCreateCallRequest(filled({ deadlineTime: 'x' }))).toThrow(RangeError);
  });
});

describe('describeCreateCallError', () => {
  it('quotes the server on a validation failure', () => {
    expect(describeCreateCallError(400, { statusCode: 400, code: 'validation_failed', message: 'The deadline must come after the opening time' })).toEqual({
      message: { key: 'calls.create.error.validation' },
      detail: 'The deadline must come after the opening time',
    });
    expect(describeCreateCallError(400, { statusCode: 400, code: 'validation_failed', message: 'Invalid request', details: ['year must not be less than 2020'] }).detail).toBe('Invalid request; year must not be less than 2020');
  });

  it('says who may create calls on 403, and maps the rest as any request', () => {
    expect(describeCreateCallError(403, { statusCode: 403, code: 'forbidden', message: 'Only a province opens calls' })).toEqual({ message: { key: 'calls.create.error.forbidden' } });
    expect(describeCreateCallError(0, null)).toEqual({ message: { key: 'error.network' } });
  });
});
