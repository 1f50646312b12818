import type { Dictionary } from './zh-CN';

/** English dictionary. Typed against the zh-CN keys: a missing or unknown key is a compile error. */
export const en: Dictionary = {
  // Application shell
  'app.title': 'Dahe Workshops · Vocational Education Abroad — Application Platform',
  'app.brand': 'Dahe Workshops',
  'app.product': 'Vocational Education Abroad — Application Platform',
  'app.skipToContent': 'Skip to main content',
  'app.footer.org': 'Henan Provincial Department of Education',
  'app.footer.note': 'Applications and management for vocational education projects abroad',
  'app.titleSeparator': ' - ',

  // Language switch
  'lang.switchAria': 'Change interface language (current: English)',

  // Login page
  'login.pageTitle': 'Sign in',
  'login.welcome': 'Welcome to the Vocational Education Abroad Application Platform',
  'login.intro':
    'This platform is for vocational schools in Henan Province to apply online for vocational education projects abroad. Sign in with the account issued by your institution.',
  'login.heading': 'Sign in',
  'login.username': 'Username',
  'login.username.placeholder': 'Enter your username',
  'login.username.required': 'Please enter your username',
  'login.password': 'Password',
  'login.password.placeholder': 'Enter your password',
  'login.password.required': 'Please enter your password',
  'login.submit': 'Sign in',
  'login.comingSoon': 'Sign-in will be available in the next release.',

  // System status (GET /api/health)
  'health.title': 'System status',
  'health.refresh': 'Refresh',
  'health.refreshAria': 'Check the system status again',
  'health.checking': 'Checking service status…',
  'health.status.ok': 'All services operational',
  'health.status.degraded': 'Service degraded',
  'health.status.unavailable': 'Service status unavailable',
  'health.api': 'API',
  'health.api.ok': 'OK',
  'health.api.degraded': 'Degraded',
  'health.version': 'Version',
  'health.database': 'Database',
  'health.database.reachable': 'Reachable',
  'health.database.unreachable': 'Unreachable',
  'health.latency': 'Latency',
  'health.latency.value': '{ms} ms',
  'health.latency.none': '—',
  'health.mode': 'Database mode',
  'health.mode.embedded': 'Embedded',
  'health.mode.external': 'External',
  'health.serverTime': 'Server time',
  'health.timeZone': 'China Standard Time (UTC+8)',
  'health.error.title': 'The system status could not be loaded',
  'health.retry': 'Retry',

  // 404
  'notFound.pageTitle': 'Page not found',
  'notFound.title': 'Page not found',
  'notFound.subtitle': 'Sorry, the page you requested does not exist or has been removed. Please check the address.',
  'notFound.backHome': 'Back to home',

  // HTTP errors
  'error.network': 'Cannot reach the server. Check your network connection and try again.',
  'error.badRequest': 'Some of the information submitted is not valid. Please check it and try again.',
  'error.unauthorized': 'You are not signed in or your session has expired. Please sign in again.',
  'error.forbidden': 'You do not have permission to do this.',
  'error.notFound': 'The requested item does not exist or has been deleted.',
  'error.conflict': 'Conflict: the item already exists or its state has changed. Refresh and try again.',
  'error.preconditionFailed':
    'Someone else has changed this item. Refresh the page to get the latest version, then submit again.',
  'error.preconditionRequired': 'The request is missing version information. Refresh the page and try again.',
  'error.payloadTooLarge': 'The submission is too large. Reduce or split it and try again.',
  'error.tooManyRequests': 'Too many requests. Please wait a moment and try again.',
  'error.server': 'The server could not process the request. Please try again later.',
  'error.serverWithRequestId':
    'The server could not process the request. Please try again later. If you contact support, quote request ID {requestId}.',
  'error.invalidResponse': 'The server sent a response that could not be read. Please try again later.',
  'error.unknown': 'The request failed (status {status}). Please try again later.',
};
