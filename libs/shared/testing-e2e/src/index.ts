export * from './lib/app-process';
