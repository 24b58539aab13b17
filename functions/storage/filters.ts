/**
 * Query filters. Every clause is written as an `odata` tagged template with the property name
 * literal in the template and only values interpolated; `odata` quotes and escapes strings but
 * inserts numbers and objects raw, so each value goes through a checker for its type first.
 * A filter holds at most 15 comparisons (the service's limit).
 */
import { StorageInputError } from './storageErrors';

export const MAX_COMPARISONS = 15;

/** A clause rendered by `odata` with the number of comparisons it holds. */
export interface Clause {
  text: string;
  comparisons: number;
}

/** A string value for a filter: a string, nothing else (never an object whose toString injects). */
export function textValue(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new StorageInputError(field, `must be text to filter on, got ${value === null ? 'null' : typeof value}`);
  return value;
}

/** A number value for a filter: a finite number, never a string or object inserted raw. */
export function numberValue(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new StorageInputError(field, `must be a finite number to filter on, got ${JSON.stringify(value) ?? typeof value}`);
  return value;
}

/** A boolean value for a filter. */
export function booleanValue(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new StorageInputError(field, `must be true or false to filter on, got ${JSON.stringify(value) ?? typeof value}`);
  return value;
}

/** The clauses joined with `and`, or undefined for none; refused past 15 comparisons. */
export function allOf(clauses: readonly Clause[]): string | undefined {
  const total = clauses.reduce((n, c) => n + c.comparisons, 0);
  if (total > MAX_COMPARISONS) throw new StorageInputError('filter', `has ${total} comparisons; Table Storage allows at most ${MAX_COMPARISONS} in one query`);
  if (clauses.length === 0) return undefined;
  return clauses.map((c) => (clauses.length > 1 ? `(${c.text})` : c.text)).join(' and ');
}

/** Half of a surrogate pair without its other half (with the u flag, pairs are one code point). */
const LONE_SURROGATE = /\p{Cs}/u;

/** A key as a token may carry it: text of well-formed UTF-16 that the service can take back. */
function tokenKey(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 1024 && !LONE_SURROGATE.test(value);
}

/**
 * A continuation token as the SDK makes it (base64 of {nextPartitionKey, nextRowKey}), checked
 * before it is used: the keys strings the service can take (a number, an object or a lone
 * surrogate would fail deep in the SDK or the service), nothing else in it.
 */
export function checkedToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as unknown;
    if (typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded)) {
      const { nextPartitionKey, nextRowKey, ...rest } = decoded as Record<string, unknown>;
      if (tokenKey(nextPartitionKey) && (nextRowKey === undefined || nextRowKey === null || tokenKey(nextRowKey)) && Object.keys(rest).length === 0) return token;
    }
  } catch {
    // falls through to the error below
  }
  throw new StorageInputError('continuationToken', 'is not a token this API gave; pass back the continuationToken of the previous page unchanged');
}
