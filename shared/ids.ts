/**
 * Identifiers every caller gives: a customer's tenant ID, a partner ID, a country code. Each
 * schema normalises what people type (case, spaces) and names the expected form on error.
 */
import { z } from 'zod';

/**
 * A tenant ID: a GUID, lower-cased.
 * @example tenantIdSchema().parse(' 8F2C1A9E-0B7D-4E55-9A51-3C1D2E4F5A6B ') // => "8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b"
 */
export const tenantIdSchema = () =>
  z
    .string({ error: 'must be a tenant ID (a GUID)' })
    .trim()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
      error: (iss) => `must be a tenant ID (a GUID like 8f2c1a9e-0b7d-4e55-9a51-3c1d2e4f5a6b), got "${String(iss.input)}"`,
    })
    .transform((v) => v.toLowerCase());

/**
 * A partner ID: letters, digits and hyphens.
 * @example partnerIdSchema().parse('1234567') // => "1234567"
 */
export const partnerIdSchema = () =>
  z
    .string({ error: 'must be a partner ID' })
    .trim()
    .regex(/^[A-Za-z0-9-]{1,64}$/, { error: (iss) => `must be a partner ID (letters, digits and hyphens), got "${String(iss.input)}"` });

/**
 * A two-letter ISO country code, upper-cased.
 * @example countrySchema().parse('us') // => "US"
 */
export const countrySchema = () =>
  z
    .string({ error: 'must be a two-letter country code like US' })
    .trim()
    .regex(/^[A-Za-z]{2}$/, { error: (iss) => `must be a two-letter ISO country code like US, got "${String(iss.input)}"` })
    .transform((v) => v.toUpperCase());
