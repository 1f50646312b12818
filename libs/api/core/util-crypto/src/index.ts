export * from './lib/personal-data-cipher';
export * from './lib/tokens';
export * from './lib/totp';
