export * from './lib/codes';
export * from './lib/content';
export * from './lib/count-zi';
export * from './lib/template';
export * from './lib/issues';
export * from './lib/validate';
export * from './lib/completeness';
export * from './lib/content-shape';
