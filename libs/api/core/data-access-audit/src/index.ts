export * from './lib/audit-event';
export * from './lib/audit.service';
export * from './lib/checkpoint';
