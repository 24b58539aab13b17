/**
 * Identifiers every caller gives: a customer's tenant ID, a partner ID, a country code. Each
 * schema normalises what people type (case, spaces) and names the expected form on error.
 */
import { z } from 'zod';
import { SLOW, withFast } from './fastPath';

const TENANT_ID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const PARTNER_ID_RE = /^[A-Za-z0-9-]{1,64}$/;
const COUNTRY_RE = /^[A-Za-z]{2}$/;

/** The fast check of a trimmed text matching `re`, then `finish`ed (validation's fast path, fastPath.ts). */
function trimmedMatch(re: RegExp, finish: (trimmed: string) => string) {
  return (v: unknown) => {
    if (typeof v !== 'string') return SLOW;
    const trimmed = v.trim();
    return re.test(trimmed) ? finish(trimmed) : SLOW;
  };
}

/**
 * A tenant ID: a GUID, lower-cased.
 * @example tenantIdSchema().parse(' 8F2C1A9E-0B7D-4E55-9A51-3C1D2E4F5A6B ') // => "8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b"
 */
export const tenantIdSchema = () =>
  withFast(
    z
      .string({ error: 'must be a tenant ID (a GUID)' })
      .trim()
      .regex(TENANT_ID_RE, {
        error: (iss) => `must be a tenant ID (a GUID like 8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b), got "${String(iss.input)}"`,
      })
      .transform((v) => v.toLowerCase()),
    trimmedMatch(TENANT_ID_RE, (t) => t.toLowerCase()),
  );

/**
 * A partner ID: letters, digits and hyphens.
 * @example partnerIdSchema().parse('1234567') // => "1234567"
 */
export const partnerIdSchema = () =>
  withFast(
    z
      .string({ error: 'must be a partner ID' })
      .trim()
      .regex(PARTNER_ID_RE, { error: (iss) => `must be a partner ID (letters, digits and hyphens), got "${String(iss.input)}"` }),
    trimmedMatch(PARTNER_ID_RE, (t) => t),
  );

/**
 * A two-letter ISO country code, upper-cased.
 * @example countrySchema().parse('us') // => "US"
 */
export const countrySchema = () =>
  withFast(
    z
      .string({ error: 'must be a two-letter country code like US' })
      .trim()
      .regex(COUNTRY_RE, { error: (iss) => `must be a two-letter ISO country code like US, got "${String(iss.input)}"` })
      .transform((v) => v.toUpperCase()),
    trimmedMatch(COUNTRY_RE, (t) => t.toUpperCase()),
  );
