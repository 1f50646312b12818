import type { IntakeQuery } from '@dahe/shared/contracts';
import { COOPERATION_CODES, isCountryCode } from '@dahe/shared/form';
import { isApplicationState } from '@dahe/shared/workflow';

/**
 * The intake list's filters, sort and page live in the page's URL (`/province/intake?call=…&state=submitted&…`),
 * so a filtered list can be shared and the back button returns to it. These helpers turn the URL's query
 * parameters into an `IntakeQuery` and back; whatever is invalid or the default is left out of the URL.
 */

export type IntakeSort = NonNullable<IntakeQuery['sort']>;
export type IntakeDir = NonNullable<IntakeQuery['dir']>;
export type IntakeSchoolType = NonNullable<IntakeQuery['schoolType']>;

export const INTAKE_SORTS: readonly IntakeSort[] = ['submittedAt', 'schoolName', 'projectName', 'state', 'receiptNo', 'city', 'meanScore'];
export const INTAKE_SCHOOL_TYPES: readonly IntakeSchoolType[] = ['higher_vocational', 'secondary_vocational'];
export const INTAKE_PAGE_SIZES: readonly number[] = [20, 50, 100];
export const INTAKE_DEFAULT_PAGE_SIZE = 20;
/** The newest receipts first. */
export const INTAKE_DEFAULT_SORT: { readonly sort: IntakeSort; readonly dir: IntakeDir } = { sort: 'submittedAt', dir: 'desc' };
/** The API refuses longer searches; a longer one is cut rather than refused. */
export const INTAKE_SEARCH_MAX = 100;

/** The tabs of the page: the list (申报受理) and the decisions (立项). */
export type IntakeTab = 'list' | 'decisions';

/** What the page's URL holds besides the query: the call and the tab. */
export interface IntakeLocation {
  readonly callId: string | null;
  readonly tab: IntakeTab;
  readonly query: IntakeQuery;
}

/** A router `Params` object: a key repeated in the URL arrives as an array. */
export type QueryParamsLike = Readonly<Record<string, unknown>>;

/** Router query params; `null` removes a key when merged. */
export type IntakeParams = Record<string, string | string[] | null>;

const ID = /^[0-9a-zA-Z_-]{1,64}$/;

function all(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

function one(value: unknown): string | undefined {
  const [first] = all(value);
  const trimmed = first?.trim();
  return trimmed ? trimmed : undefined;
}

function positiveInt(value: unknown): number | undefined {
  const text = one(value);
  if (!text || !/^\d{1,6}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 ? n : undefined;
}

/**
 * Pure: the query the URL asks for. Unknown states, codes and sorts are dropped; `state` may be repeated
 * or comma-separated; a page size not offered falls back to the default.
 */
export function intakeQueryFromParams(params: QueryParamsLike): IntakeQuery {
  const query: IntakeQuery = {};
  const states = [...new Set(all(params['state']).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(isApplicationState))];
  if (states.length > 0) query.state = states;
  const supervisorId = one(params['supervisorId']);
  if (supervisorId && ID.test(supervisorId)) query.supervisorId = supervisorId;
  const city = one(params['city']);
  if (city) query.city = city.slice(0, INTAKE_SEARCH_MAX);
  const schoolType = one(params['schoolType']);
  if (schoolType && (INTAKE_SCHOOL_TYPES as readonly string[]).includes(schoolType)) query.schoolType = schoolType as IntakeSchoolType;
  const form = one(params['cooperationForm']);
  if (form && (COOPERATION_CODES as readonly string[]).includes(form)) query.cooperationForm = form;
  const country = one(params['countryCode'])?.toUpperCase();
  if (country && isCountryCode(country)) query.countryCode = country;
  const q = one(params['q']);
  if (q) query.q = q.slice(0, INTAKE_SEARCH_MAX);
  // Sort and direction come as a pair, left out when they are the default order.
  const sortParam = one(params['sort']);
  const dirParam = one(params['dir']);
  const sort = sortParam && (INTAKE_SORTS as readonly string[]).includes(sortParam) ? (sortParam as IntakeSort) : INTAKE_DEFAULT_SORT.sort;
  const dir: IntakeDir = dirParam === 'asc' || dirParam === 'desc' ? dirParam : sort === INTAKE_DEFAULT_SORT.sort ? INTAKE_DEFAULT_SORT.dir : 'asc';
  if (sort !== INTAKE_DEFAULT_SORT.sort || dir !== INTAKE_DEFAULT_SORT.dir) {
    query.sort = sort;
    query.dir = dir;
  }
  const page = positiveInt(params['page']);
  if (page && page > 1) query.page = page;
  const pageSize = positiveInt(params['pageSize']);
  if (pageSize && pageSize !== INTAKE_DEFAULT_PAGE_SIZE && INTAKE_PAGE_SIZES.includes(pageSize)) query.pageSize = pageSize;
  return query;
}

/**
 * Pure: the URL's query params for a query, every key present (`null` when absent or the default), so
 * `router.navigate([], { queryParams, queryParamsHandling: 'merge' })` also clears what was removed.
 */
export function intakeQueryToParams(query: IntakeQuery): IntakeParams {
  const sort = query.sort ?? INTAKE_DEFAULT_SORT.sort;
  const dir = query.dir ?? (query.sort ? 'asc' : INTAKE_DEFAULT_SORT.dir);
  const isDefaultSort = sort === INTAKE_DEFAULT_SORT.sort && dir === INTAKE_DEFAULT_SORT.dir;
  return {
    state: query.state && query.state.length > 0 ? [...query.state] : null,
    supervisorId: query.supervisorId || null,
    city: query.city || null,
    schoolType: query.schoolType ?? null,
    cooperationForm: query.cooperationForm || null,
    countryCode: query.countryCode || null,
    q: query.q?.trim() || null,
    sort: isDefaultSort ? null : sort,
    dir: isDefaultSort ? null : dir,
    page: query.page && query.page > 1 ? String(query.page) : null,
    pageSize: query.pageSize && query.pageSize !== INTAKE_DEFAULT_PAGE_SIZE ? String(query.pageSize) : null,
  };
}

/** Pure: where the page is: the call, the tab and the list's query. */
export function intakeLocationFromParams(params: QueryParamsLike): IntakeLocation {
  const call = one(params['call']);
  return {
    callId: call && ID.test(call) ? call : null,
    tab: one(params['tab']) === 'decisions' ? 'decisions' : 'list',
    query: intakeQueryFromParams(params),
  };
}

/** Pure: the URL's query params for a location (the list's query, the call, the tab unless it is the list). */
export function intakeLocationToParams(location: IntakeLocation): IntakeParams {
  return { call: location.callId, tab: location.tab === 'list' ? null : location.tab, ...intakeQueryToParams(location.query) };
}

/**
 * Pure: the request's query string values for `GET /api/calls/:id/intake` (and the export): the effective
 * sort, direction, page and size are always sent, so the answer never depends on the server's defaults.
 * `state` is repeated (`state=a&state=b`).
 */
export function intakeRequestParams(query: IntakeQuery): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  const url = intakeQueryToParams(query);
  for (const key of ['state', 'supervisorId', 'city', 'schoolType', 'cooperationForm', 'countryCode', 'q'] as const) {
    const value = url[key];
    if (value !== null && value !== undefined) params[key] = value;
  }
  params['sort'] = query.sort ?? INTAKE_DEFAULT_SORT.sort;
  params['dir'] = query.dir ?? (query.sort ? 'asc' : INTAKE_DEFAULT_SORT.dir);
  params['page'] = String(query.page ?? 1);
  params['pageSize'] = String(query.pageSize ?? INTAKE_DEFAULT_PAGE_SIZE);
  return params;
}

/** Pure: the filters alone, without order or page (what the export takes: every matching row). */
export function intakeFilters(query: IntakeQuery): IntakeQuery {
  const { page: _page, pageSize: _pageSize, sort: _sort, dir: _dir, ...filters } = query;
  return filters;
}

/** Pure: the export's parameters (a JSON body for the job, a query string for the plain download): the filters set. */
export function exportParams(query: IntakeQuery): Record<string, string | string[]> {
  const { sort: _sort, dir: _dir, page: _page, pageSize: _pageSize, ...filters } = intakeRequestParams(intakeFilters(query));
  return filters;
}

type FilterKey = 'state' | 'supervisorId' | 'city' | 'schoolType' | 'cooperationForm' | 'countryCode' | 'q';

/** Pure: the query with some filters changed; any change of filter goes back to the first page. */
export function withFilters(query: IntakeQuery, patch: Partial<Pick<IntakeQuery, FilterKey>>): IntakeQuery {
  const next: IntakeQuery = { ...query, ...patch };
  for (const key of Object.keys(patch) as FilterKey[]) {
    const value = next[key];
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) delete next[key];
  }
  if (typeof next.q === 'string') {
    const q = next.q.trim().slice(0, INTAKE_SEARCH_MAX);
    if (q) next.q = q;
    else delete next.q;
  }
  delete next.page;
  return next;
}

/** Pure: the query without any filter (sort and page size kept, first page). */
export function withoutFilters(query: IntakeQuery): IntakeQuery {
  const next: IntakeQuery = {};
  if (query.sort) next.sort = query.sort;
  if (query.dir) next.dir = query.dir;
  if (query.pageSize) next.pageSize = query.pageSize;
  return next;
}

/** Pure: how many filters are set (a multi-state filter counts once). */
export function activeFilterCount(query: IntakeQuery): number {
  return (['state', 'supervisorId', 'city', 'schoolType', 'cooperationForm', 'countryCode', 'q'] as const).filter((key) => {
    const value = query[key];
    return Array.isArray(value) ? value.length > 0 : !!value;
  }).length;
}

/**
 * Pure: the query after a column header's sort changed (ng-zorro gives `ascend`, `descend` or null).
 * Null returns to the default order. The page goes back to the first.
 */
export function withSort(query: IntakeQuery, key: IntakeSort, order: 'ascend' | 'descend' | null): IntakeQuery {
  const next: IntakeQuery = { ...query };
  delete next.page;
  if (order === null) {
    delete next.sort;
    delete next.dir;
    return next;
  }
  next.sort = key;
  next.dir = order === 'ascend' ? 'asc' : 'desc';
  return next;
}

/** Pure: the column's sort order as ng-zorro shows it. */
export function sortOrderOf(query: IntakeQuery, key: IntakeSort): 'ascend' | 'descend' | null {
  const sort = query.sort ?? INTAKE_DEFAULT_SORT.sort;
  if (sort !== key) return null;
  const dir = query.dir ?? (query.sort ? 'asc' : INTAKE_DEFAULT_SORT.dir);
  return dir === 'asc' ? 'ascend' : 'descend';
}

/** Pure: the query on another page (or with another page size, back to the first page). */
export function withPage(query: IntakeQuery, page: number, pageSize?: number): IntakeQuery {
  const next: IntakeQuery = { ...query };
  if (pageSize !== undefined && pageSize !== (query.pageSize ?? INTAKE_DEFAULT_PAGE_SIZE)) {
    if (pageSize === INTAKE_DEFAULT_PAGE_SIZE) delete next.pageSize;
    else next.pageSize = pageSize;
    delete next.page;
    return next;
  }
  if (page > 1) next.page = Math.floor(page);
  else delete next.page;
  return next;
}

/** Pure: two queries ask for the same page of the same list. */
export function sameIntakeQuery(a: IntakeQuery, b: IntakeQuery): boolean {
  return JSON.stringify(intakeRequestParams(a)) === JSON.stringify(intakeRequestParams(b));
}

/** The intake page's path; the application page links back to it with the filters it was opened from. */
export const INTAKE_PATH = '/province/intake';

/**
 * Pure: the intake list to go back to, from the navigation state the list put on the application page's
 * history entry (`{ intakeReturn: '/province/intake?…' }`); null for anything else, so the state can never
 * send the person somewhere other than the intake list.
 */
export function intakeReturnUrl(state: unknown): string | null {
  const value = typeof state === 'object' && state !== null ? (state as { intakeReturn?: unknown }).intakeReturn : undefined;
  if (typeof value !== 'string' || value.length > 2000) return null;
  return value === INTAKE_PATH || value.startsWith(`${INTAKE_PATH}?`) ? value : null;
}
