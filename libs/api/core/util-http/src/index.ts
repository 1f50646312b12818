export * from './lib/logger';
export * from './lib/all-exceptions.filter';
export * from './lib/validation';
export * from './lib/app-exception';
export * from './lib/content-disposition';
