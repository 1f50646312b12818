import { type PasswordProblem } from './errors';

export const PASSWORD_MIN_LENGTH = 10;

/** Passwords people pick first; checked case-insensitively, with digits and symbols at the ends stripped too. */
const COMMON_PASSWORDS = new Set([
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'qwerty', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx', '1q2w3e4r',
  'abc123', 'abcd1234', 'a1b2c3d4', 'admin', 'administrator', 'root', 'welcome', 'letmein', 'iloveyou', 'woaini',
  'woaini1314', 'aini1314', 'wodemima', 'mima', 'zhongguo', 'china', 'beijing', 'henan', 'zhengzhou', 'luoyang',
  'dahe', 'dahegongfang', 'jiaoyu', 'jiaoyuting', 'xuexiao', 'changeme', 'secret', 'master', 'dragon', 'monkey',
  'football', 'baseball', 'sunshine', 'princess', 'shadow', 'superman', 'trustno1', 'starwars', 'whatever', 'hello',
  'test', 'testing', 'guest', 'default', 'login', 'user', 'temp', 'qazwsx', 'qazwsxedc', 'zaq12wsx', 'q1w2e3r4',
  '123456', '12345678', '123456789', '1234567890', '0123456789', '111111', '000000', '666666', '888888', '520520', '5201314',
]);

function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  return COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(core) || /^(\d)\1+$/.test(lower) || /^(0123456789|1234567890)+$/.test(lower);
}

/** Which classes of characters a password uses: lower case, upper case, digits, others. */
export function passwordClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
}

/**
 * The password policy: at least 10 characters from three of four classes, not containing the person's
 * username or name, not a common password. Pure, shared: the web app hints with it as people type,
 * the API decides with it.
 */
export function passwordProblems(password: string, person: { username?: string; displayName?: string } = {}): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (passwordClasses(password) < 3) problems.push('too_few_classes');
  const lower = password.toLowerCase();
  const names = [person.username, ...(person.username?.split(/[._-]/) ?? []), person.displayName]
    .map((name) => name?.trim().toLowerCase())
    .filter((name): name is string => !!name && [...name].length >= 3);
  if (names.some((name) => lower.includes(name))) problems.push('contains_name');
  if (isCommon(password)) problems.push('common_password');
  return problems;
}
