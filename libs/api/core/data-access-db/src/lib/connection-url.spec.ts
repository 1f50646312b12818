import { describe, expect, it } from '@jest/globals';
import { databaseName, deriveAppRolePassword, describeServer, parsePostgresUrl, withCredentials, withDatabase } from './connection-url';

describe('parsePostgresUrl', () => {
  it('accepts postgres:// and postgresql:// URLs with a database', () => {
    expect(parsePostgresUrl('postgres://u:p@127.0.0.1:5432/test').hostname).toBe('127.0.0.1');
    expect(parsePostgresUrl('postgresql://localhost/dahe').pathname).toBe('/dahe');
  });

  it.each([
    ['not a url', 'is not a URL'],
    ['mysql://u@h/db', 'must start with postgres://'],
    ['postgres://u@h:99999/db', 'is not a URL'],
    ['postgres://u@h:5432', 'names no database'],
  ])('rejects %s with one clear line', (value, message) => {
    expect(() => parsePostgresUrl(value)).toThrow(message);
  });

  it('never repeats the password in its message', () => {
    expect(() => parsePostgresUrl('mysql://u:secret@h/db')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret') }));
  });
});

describe('url helpers', () => {
  const owner = 'postgres://postgres:pw@127.0.0.1:5432/test';

  it('swaps credentials and database, keeping the server', () => {
    expect(withCredentials(owner, 'dahe_app', 'a/b c')).toBe('postgres://dahe_app:a%2Fb%20c@127.0.0.1:5432/test');
    expect(withDatabase(owner, 'dahe_t1')).toBe('postgres://postgres:pw@127.0.0.1:5432/dahe_t1');
    expect(databaseName(withDatabase(owner, 'x'))).toBe('x');
    expect(describeServer(owner)).toBe('127.0.0.1:5432/test');
  });

  it('derives the same app password for every database of one server, and another for another owner', () => {
    expect(deriveAppRolePassword(owner)).toBe(deriveAppRolePassword(withDatabase(owner, 'other')));
    expect(deriveAppRolePassword(owner)).not.toBe(deriveAppRolePassword('postgres://postgres:pw2@127.0.0.1:5432/test'));
  });
});
