/** Every REST route lives under this prefix; the web app is served from everything else. */
export const API_PREFIX = 'api';

export const ApiRoutes = {
  health: `/${API_PREFIX}/health`,
  docs: `/${API_PREFIX}/docs`,
  docsJson: `/${API_PREFIX}/docs-json`,
} as const;

/** Header carrying the request id, echoed on every response and written in every log line. */
export const REQUEST_ID_HEADER = 'x-request-id';
