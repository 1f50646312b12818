import { describe, expect, it } from '@jest/globals';
import type { IntakeQuery } from '@dahe/shared/contracts';
import {
  INTAKE_DEFAULT_PAGE_SIZE,
  activeFilterCount,
  exportParams,
  intakeFilters,
  intakeLocationFromParams,
  intakeLocationToParams,
  intakeQueryFromParams,
  intakeQueryToParams,
  intakeRequestParams,
  intakeReturnUrl,
  sameIntakeQuery,
  sortOrderOf,
  withFilters,
  withPage,
  withSort,
  withoutFilters,
} from './intake-query';

/** What Angular's router does with `queryParams`: keys with null are dropped. */
function urlParams(params: Record<string, string | string[] | null>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string | string[]] => entry[1] !== null));
}

describe('intake query ↔ URL query params', () => {
  const full: IntakeQuery = {
    state: ['submitted', 'expert_review'],
    supervisorId: 'a1b2c3d4-0000-4000-8000-000000000001',
    city: '郑州市',
    schoolType: 'higher_vocational',
    cooperationForm: 'skills_training',
    countryCode: 'TH',
    q: '郑州',
    sort: 'schoolName',
    dir: 'asc',
    page: 3,
    pageSize: 50,
  };

  it('round-trips every filter, the sort and the page', () => {
    expect(intakeQueryFromParams(urlParams(intakeQueryToParams(full)))).toEqual(full);
  });

  it('round-trips the empty query to no params at all', () => {
    expect(urlParams(intakeQueryToParams({}))).toEqual({});
    expect(intakeQueryFromParams({})).toEqual({});
  });

  it('leaves the default order, page 1 and the default page size out of the URL', () => {
    const params = urlParams(intakeQueryToParams({ sort: 'submittedAt', dir: 'desc', page: 1, pageSize: INTAKE_DEFAULT_PAGE_SIZE }));
    expect(params).toEqual({});
    expect(intakeQueryFromParams({ sort: 'submittedAt', dir: 'desc', page: '1', pageSize: '20' })).toEqual({});
  });

  it('gives every key, null when absent, so a merge clears what was removed', () => {
    const params = intakeQueryToParams({ q: 'x' });
    expect(Object.keys(params).sort()).toEqual(['city', 'cooperationForm', 'countryCode', 'dir', 'page', 'pageSize', 'q', 'schoolType', 'sort', 'state', 'supervisorId']);
    expect(params['state']).toBeNull();
    expect(params['q']).toBe('x');
  });

  it('drops what is not valid: unknown states, codes, sorts, bad pages and page sizes', () => {
    expect(
      intakeQueryFromParams({
        state: ['submitted', 'bogus', 'submitted'],
        supervisorId: "x'; drop table",
        schoolType: 'university',
        cooperationForm: 'tourism',
        countryCode: 'CN',
        sort: 'password',
        dir: 'sideways',
        page: '-2',
        pageSize: '7',
      }),
    ).toEqual({ state: ['submitted'] });
    expect(intakeQueryFromParams({ page: 'abc', pageSize: '100000' })).toEqual({});
  });

  it('accepts a comma-separated state, a lower-case country and trims the search', () => {
    expect(intakeQueryFromParams({ state: 'submitted,returned', countryCode: 'th', q: '  黄河  ' })).toEqual({ state: ['submitted', 'returned'], countryCode: 'TH', q: '黄河' });
  });

  it('pairs a sort without a direction with ascending, and a direction alone with the default column', () => {
    expect(intakeQueryFromParams({ sort: 'projectName' })).toEqual({ sort: 'projectName', dir: 'asc' });
    expect(intakeQueryFromParams({ dir: 'asc' })).toEqual({ sort: 'submittedAt', dir: 'asc' });
  });

  it('keeps the call and the tab beside the query', () => {
    const location = { callId: 'c-1', tab: 'decisions' as const, query: { q: '学院' } };
    expect(intakeLocationFromParams(urlParams(intakeLocationToParams(location)))).toEqual(location);
    expect(intakeLocationFromParams({ tab: 'other' })).toEqual({ callId: null, tab: 'list', query: {} });
    expect(urlParams(intakeLocationToParams({ callId: 'c-1', tab: 'list', query: {} }))).toEqual({ call: 'c-1' });
  });
});

describe('intake request params', () => {
  it('always sends the effective order, page and size', () => {
    expect(intakeRequestParams({})).toEqual({ sort: 'submittedAt', dir: 'desc', page: '1', pageSize: '20' });
    expect(intakeRequestParams({ state: ['submitted'], q: ' 郑州 ', sort: 'meanScore', dir: 'desc', page: 2 })).toEqual({
      state: ['submitted'],
      q: '郑州',
      sort: 'meanScore',
      dir: 'desc',
      page: '2',
      pageSize: '20',
    });
  });

  it('tells when two queries ask for the same page', () => {
    expect(sameIntakeQuery({}, { sort: 'submittedAt', dir: 'desc', page: 1 })).toBe(true);
    expect(sameIntakeQuery({}, { page: 2 })).toBe(false);
  });

  it('exports the filters alone, without order or page', () => {
    expect(intakeFilters({ q: 'a', sort: 'city', dir: 'asc', page: 4, pageSize: 50 })).toEqual({ q: 'a' });
    expect(exportParams({ state: ['submitted'], countryCode: 'TH', sort: 'city', dir: 'asc', page: 4 })).toEqual({ state: ['submitted'], countryCode: 'TH' });
    expect(exportParams({})).toEqual({});
  });
});

describe('changing the query', () => {
  it('goes back to the first page when a filter changes, and drops emptied filters', () => {
    expect(withFilters({ page: 4, state: ['submitted'], q: 'x' }, { state: [], q: '  ' })).toEqual({});
    expect(withFilters({ page: 4 }, { city: '洛阳市' })).toEqual({ city: '洛阳市' });
  });

  it('clears every filter but keeps the order and page size', () => {
    expect(withoutFilters({ q: 'x', city: 'y', sort: 'city', dir: 'asc', page: 3, pageSize: 50 })).toEqual({ sort: 'city', dir: 'asc', pageSize: 50 });
  });

  it('counts the filters set', () => {
    expect(activeFilterCount({})).toBe(0);
    expect(activeFilterCount({ state: ['submitted', 'returned'], q: 'x', sort: 'city' })).toBe(2);
  });

  it('maps the column sort both ways; null returns to the default order', () => {
    const sorted = withSort({ page: 3 }, 'schoolName', 'ascend');
    expect(sorted).toEqual({ sort: 'schoolName', dir: 'asc' });
    expect(sortOrderOf(sorted, 'schoolName')).toBe('ascend');
    expect(sortOrderOf(sorted, 'submittedAt')).toBeNull();
    expect(sortOrderOf({}, 'submittedAt')).toBe('descend');
    expect(withSort(sorted, 'schoolName', null)).toEqual({});
  });

  it('pages, and a new page size starts from the first page', () => {
    expect(withPage({ q: 'x' }, 3)).toEqual({ q: 'x', page: 3 });
    expect(withPage({ page: 3 }, 1)).toEqual({});
    expect(withPage({ page: 3 }, 3, 50)).toEqual({ pageSize: 50 });
    expect(withPage({ page: 3, pageSize: 50 }, 3, 20)).toEqual({});
  });
});

describe('the way back from the application page', () => {
  it('accepts only the intake list, with or without its query', () => {
    expect(intakeReturnUrl({ intakeReturn: '/province/intake?call=c1&state=submitted' })).toBe('/province/intake?call=c1&state=submitted');
    expect(intakeReturnUrl({ intakeReturn: '/province/intake' })).toBe('/province/intake');
    expect(intakeReturnUrl({ intakeReturn: 'https://evil.example/province/intake' })).toBeNull();
    expect(intakeReturnUrl({ intakeReturn: '/province/intakeX' })).toBeNull();
    expect(intakeReturnUrl({ intakeReturn: 42 })).toBeNull();
    expect(intakeReturnUrl(null)).toBeNull();
    expect(intakeReturnUrl({ navigationId: 3 })).toBeNull();
  });
});
