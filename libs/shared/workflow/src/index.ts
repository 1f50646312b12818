export * from './lib/deadline';
export * from './lib/workflow';
