export * from './lib/abilities';
