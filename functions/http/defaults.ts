/**
 * Defaults over HTTP (DOMAIN.md, "Defaults over HTTP"): where a caller leaves them out, the
 * as-of date is today (UTC) and the program is the family that pays for the workload (the
 * date then picks its year). The answer says which it used, in `defaultsUsed`.
 */
import { defaultCatalog, type Catalog } from '../../shared';

/** The day todayUtc last wrote out, and the clock's range (ms) in which it is still today. */
let today = { date: '', from: 0, until: 0 };

/**
 * Today in UTC: the date answers are computed for when none is given (the engine never reads the
 * clock). Written out once a day: every request asks, and formatting a Date each time was 2% of
 * a single eligibility request's CPU.
 */
export function todayUtc(): string {
  const now = Date.now();
  if (now < today.from || now >= today.until) {
    const from = now - (((now % 86_400_000) + 86_400_000) % 86_400_000);
    today = { date: new Date(from).toISOString().slice(0, 10), from, until: from + 86_400_000 };
  }
  return today.date;
}

export interface DefaultUsed {
  field: 'asOfDate' | 'programId';
  value: string;
  why: string;
}

/**
 * The item with the defaults filled in, and what was filled; the item itself when nothing was
 * missing (or when it is no object: validation says what is wrong then).
 * @example withDefaults({ workload: 'MDE', ... }, '2026-12-01').used // => [{ field: 'asOfDate', value: '2026-12-01', ... }, { field: 'programId', value: 'security-usage', ... }]
 */
export function withDefaults(item: unknown, today: string, catalog: Catalog = defaultCatalog): { item: unknown; used: DefaultUsed[] | null } {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { item, used: null };
  const given = item as Record<string, unknown>;
  if (given.asOfDate !== undefined && given.programId !== undefined) return { item, used: null };
  const filled: Record<string, unknown> = { ...given };
  const used: DefaultUsed[] = [];
  if (given.asOfDate === undefined) {
    filled.asOfDate = today;
    used.push({ field: 'asOfDate', value: today, why: `asOfDate was not given: today in UTC, ${today}` });
  }
  if (given.programId === undefined && typeof given.workload === 'string') {
    const workload = catalog.workloads.resolve(given.workload);
    const family = workload ? catalog.familyOfWorkload(workload.id) : undefined;
    if (workload && family !== undefined) {
      filled.programId = family;
      const year = typeof filled.asOfDate === 'string' ? catalog.programOnDate(family, filled.asOfDate) : undefined;
      used.push({
        field: 'programId',
        value: family,
        why: `programId was not given: ${family}, the program that pays for ${workload.name}${year ? ` (${year.name} on ${String(filled.asOfDate)})` : ''}`,
      });
    }
  }
  return { item: filled, used: used.length > 0 ? used : null };
}
