export * from './lib/deadline';
export * from './lib/workflow';
export * from './lib/review';
