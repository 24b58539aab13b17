/**
 * Changes to the stored program catalog: a new or replaced program year, an amendment, a
 * deletion, and the draft catalog of a what-if. Each change is validated the way the engine
 * loads a catalog (the whole catalog, so cross-year rules hold too); a change that fails is
 * refused with every bad field named as the caller wrote it (`sizeBands[2].minSeats`,
 * `changes.payout.amountsCents.XS[0]`), and nothing is stored.
 */
import { z } from 'zod';
import { AmendmentInputSchema, EngineInputError, isoDate, loadCatalog, parseWith, ProgramDataError, type Amendment, type Catalog, type CatalogData, type InputIssue } from '../../shared';
import type { CatalogCache } from './catalogSource';
import { noSuchProgram, type ChangeRecord, type StoredProgramYear } from './programStore';
import { EntityInUse as ProgramInUse, EtagRequired, StaleEtag } from './storageErrors';
import type { WorkloadStore } from './workloadStore';

/** The issues of the program year `id` with their catalog prefix taken off (and the others as they are). */
function issuesOf(e: ProgramDataError, prefix: string): InputIssue[] {
  return e.issues.map((i) => (i.path.startsWith(`${prefix}.`) ? { ...i, path: i.path.slice(prefix.length + 1) } : i.path === prefix ? { ...i, path: '' } : i));
}

/** Load a candidate catalog, or throw EngineInputError naming the fields as the caller wrote them. */
function validated(data: CatalogData, prefix: string): Catalog {
  try {
    return loadCatalog(data);
  } catch (e) {
    if (e instanceof ProgramDataError) throw new EngineInputError(issuesOf(e, prefix));
    throw e;
  }
}

/** The stored catalog's data with one program year's figures (and amendments) replaced or added. */
function withYear(data: CatalogData, programId: string, program: unknown, amendments: readonly Amendment[]): CatalogData {
  const programs = data.programs.filter((p) => (p as { id?: unknown }).id !== programId);
  programs.push(program);
  const others = (data.amendments ?? []).filter((a) => (a as { programId?: unknown }).programId !== programId);
  return { ...data, programs, amendments: [...others, ...amendments.map((a) => ({ programId, ...a }))] };
}

/** A program body: an object whose id, when given, is the route's (it is taken from the route). */
function programBody(programId: string, body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new EngineInputError([{ path: '', code: 'invalid_type', message: 'must be a program year (a JSON object)' }]);
  const program = body as Record<string, unknown>;
  if (program.id !== undefined && program.id !== programId) {
    throw new EngineInputError([{ path: 'id', code: 'custom', message: `"${String(program.id)}" differs from the id in the address (${programId})` }]);
  }
  return { ...program, id: programId };
}

/** An amendment body: the amendment, and who makes it when the body says so. */
export const AmendmentBodySchema = AmendmentInputSchema.extend({ changedBy: z.string().trim().min(1).max(200).optional() });

/** Who makes a change: the body's `changedBy`, else the X-Changed-By header; one is required. */
export function changedBy(fromBody: string | undefined, header: string | null): string {
  const name = (fromBody ?? header ?? '').trim();
  if (name === '') throw new EngineInputError([{ path: 'changedBy', code: 'custom', message: 'is required: name who makes the change (the X-Changed-By header, or changedBy in the body)' }]);
  if (name.length > 200) throw new EngineInputError([{ path: 'changedBy', code: 'custom', message: 'is longer than 200 characters' }]);
  return name;
}

export class ProgramChanges {
  constructor(readonly cache: CatalogCache) {}

  private async stored(): Promise<{ data: CatalogData }> {
    await this.cache.prepare();
    return this.cache.store.load();
  }

  /**
   * Create a program year (no If-Match) or replace its figures (If-Match with the ETag read).
   * Its amendments stay and must still fit the new figures.
   */
  async put(programId: string, body: unknown, etag: string | undefined, change: ChangeRecord): Promise<{ year: StoredProgramYear; created: boolean }> {
    const program = programBody(programId, body);
    await this.cache.prepare();
    const current = await this.cache.store.get(programId);
    if (current === null && etag !== undefined) throw noSuchProgram(programId);
    if (current !== null && etag === undefined) throw new EtagRequired(`program ${programId}`);
    if (current !== null && etag !== current.etag) throw new StaleEtag(`Program ${programId}`);
    const { data } = await this.stored();
    validated(withYear(data, programId, program, current?.amendments ?? []), `programs[${programId}]`);
    const year = await this.cache.store.write(programId, { program, amendments: current?.amendments ?? [], action: current === null ? 'created' : 'replaced' }, change, current);
    this.cache.invalidate();
    return { year, created: current === null };
  }

  /** Add an amendment to a program year (If-Match optional: without it, the year as read now). */
  async amend(programId: string, body: unknown, etag: string | undefined, header: string | null, at: string): Promise<StoredProgramYear> {
    const input = parseWith(AmendmentBodySchema, body);
    const by = changedBy(input.changedBy, header);
    await this.cache.prepare();
    const current = await this.cache.store.get(programId);
    if (current === null) throw noSuchProgram(programId);
    if (etag !== undefined && etag !== current.etag) throw new StaleEtag(`Program ${programId}`);
    const amendment: Amendment = { effectiveFrom: input.effectiveFrom, note: input.note, changes: input.changes, changedBy: by, changedAt: at };
    const amendments = [...current.amendments, amendment];
    const { data } = await this.stored();
    validated(withYear(data, programId, current.program, amendments), `programs[${programId}].amendments[${amendments.length - 1}]`);
    const year = await this.cache.store.write(programId, { program: current.program, amendments, action: 'amended' }, { by, at, note: input.note }, current);
    this.cache.invalidate();
    return year;
  }

  /** Delete a program year nothing refers to (409 naming how many tracked workloads do). */
  async delete(programId: string, etag: string | undefined, tracked: WorkloadStore): Promise<void> {
    await this.cache.prepare();
    const current = await this.cache.store.get(programId);
    if (current === null) throw noSuchProgram(programId);
    if (etag === undefined) throw new EtagRequired(`program ${programId}`);
    if (etag !== current.etag) throw new StaleEtag(`Program ${programId}`);
    const catalog = await this.cache.current();
    const family = catalog.get(programId)?.family;
    const lastOfFamily = family !== undefined && catalog.programs.filter((p) => p.family === family).length === 1;
    const referring = (await countTracked(tracked, programId)) + (lastOfFamily ? await countTracked(tracked, family) : 0);
    if (referring > 0) {
      throw new ProgramInUse(
        `${referring} tracked workload${referring === 1 ? ' refers' : 's refer'} to program ${programId}${lastOfFamily ? ` (by its id or its family ${family})` : ''}; move ${referring === 1 ? 'it' : 'them'} to another program year or stop tracking ${referring === 1 ? 'it' : 'them'} first. Nothing was deleted.`,
        referring,
      );
    }
    await this.cache.store.delete(programId, etag);
    this.cache.invalidate();
  }

  /**
   * The catalog with a draft applied, not stored: `program` (the year's figures replaced) or
   * `amendment` (one more amendment). Validated like a change.
   */
  async draft(programId: string, body: unknown): Promise<{ stored: Catalog; draft: Catalog }> {
    const parsed = parseWith(WhatIfDraftSchema, body);
    const stored = await this.cache.current();
    const current = await this.cache.store.get(programId);
    if (current === null) throw noSuchProgram(programId);
    const { data } = await this.stored();
    if (parsed.program !== undefined) {
      const program = programBody(programId, parsed.program);
      return { stored, draft: validated(withYear(data, programId, program, current.amendments), `programs[${programId}]`) };
    }
    const a = parsed.amendment!;
    const amendments = [...current.amendments, { effectiveFrom: a.effectiveFrom, note: a.note, changes: a.changes }];
    return { stored, draft: validated(withYear(data, programId, current.program, amendments), `programs[${programId}].amendments[${amendments.length - 1}]`) };
  }
}

/** A what-if draft: a replacement of the year's figures, or one amendment. */
export const WhatIfDraftSchema = z
  .strictObject({
    program: z.record(z.string(), z.unknown()).optional(),
    /** The body an amendment would be POSTed with (its changedBy is ignored: nothing is stored). */
    amendment: AmendmentBodySchema.optional(),
    asOfDate: isoDate().optional(),
    market: z.enum(['A', 'B', 'C']).optional(),
  })
  .refine((d) => (d.program === undefined) !== (d.amendment === undefined), { error: 'needs exactly one of program (the year figures replaced) or amendment (one more amendment)', path: ['program'] });

async function countTracked(store: WorkloadStore, programId: string): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    const page = await store.list({ programIds: [programId] }, 1000, token);
    count += page.items.length;
    token = page.continuationToken;
  } while (token !== undefined);
  return count;
}
