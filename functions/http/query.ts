/**
 * Query parameters and paged answers, the same for every list endpoint.
 */
import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { parseDateTime } from '../../shared/dates';

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

/**
 * An ISO date or date-time query parameter, as a Date (a date alone is midnight UTC), read by
 * the engine's strict parser: an impossible date or time (2025-02-30, 24:00) is refused, never
 * rolled over.
 */
export function dateTimeParam(example: string) {
  return z.string({ error: `is required: an ISO date or date-time like ${example}` }).transform((v, ctx) => {
    const parsed = parseDateTime(v);
    if (parsed.ok) return new Date(parsed.value);
    ctx.issues.push({ code: 'custom', message: `${parsed.problem} (for example ${example} or ${example}T02:00:00Z)`, input: v });
    return z.NEVER;
  });
}

/** A page size query parameter: a whole number from 1 to `max`. */
export function pageSizeParam(max: number) {
  return z
    .string()
    .regex(/^\d+$/, { error: `must be a whole number from 1 to ${max}` })
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, { error: `must be from 1 to ${max}` });
}
