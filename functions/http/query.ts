/**
 * Query parameters and paged answers, the same for every list endpoint.
 */
import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';

/** Query parameters as an object, without the API key (`code`). */
export function queryObject(request: HttpRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of request.query.entries()) if (key !== 'code') out[key] = value;
  return out;
}

/**
 * A page as lists answer it: `items`, and while more follow the `continuationToken` and a
 * `nextLink` (this request with the token, without the key).
 */
export function pageBody<T>(request: HttpRequest, items: T[], continuationToken: string | undefined): { items: T[]; continuationToken?: string; nextLink?: string } {
  if (!continuationToken) return { items };
  const next = new URL(request.url);
  next.searchParams.delete('code');
  next.searchParams.set('continuationToken', continuationToken);
  return { items, continuationToken, nextLink: `${next.pathname}${next.search}` };
}

/** An ISO date or date-time query parameter, as a Date (a date alone is midnight UTC). */
export function dateTimeParam(example: string) {
  return z
    .string({ error: `is required: an ISO date or date-time like ${example}` })
    .refine((v) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)), { error: `must be an ISO date or date-time like ${example} or ${example}T02:00:00Z` })
    .transform((v) => new Date(v));
}

/** A page size query parameter: a whole number from 1 to `max`. */
export function pageSizeParam(max: number) {
  return z
    .string()
    .regex(/^\d+$/, { error: `must be a whole number from 1 to ${max}` })
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, { error: `must be from 1 to ${max}` });
}
