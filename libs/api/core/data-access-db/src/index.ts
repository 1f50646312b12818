export * from './lib/embedded-postgres';
export * from './lib/database-runtime';
export * from './lib/connection-url';
export * from './lib/app-role';
export * from './lib/database.tokens';
export * from './lib/database.service';
