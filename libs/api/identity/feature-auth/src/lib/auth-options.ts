import type { HashAlgorithm } from '@dahe/api/core/data-access-audit';
import type { PersonalDataCipher } from '@dahe/api/core/util-crypto';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

export interface AuthOptions {
  /** Second factor required for province_admin, security_admin, auditor and legal_rep. */
  requireTwoFactor: boolean;
  cipher: PersonalDataCipher;
  auditHash: HashAlgorithm;
}

/** Session lifetimes: 30 minutes idle, 12 hours absolute. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** Five failed sign-ins lock an account for fifteen minutes. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60 * 1000;
