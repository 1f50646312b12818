export * from './lib/applications.module';
