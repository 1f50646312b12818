export * from './lib/api-routes';
export * from './lib/health';
export * from './lib/errors';
export * from './lib/organisation';
export * from './lib/credit-code';
