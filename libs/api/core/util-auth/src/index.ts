export * from './lib/auth.decorators';
export * from './lib/request-identity';
