/**
 * Workload names as people type them. "MDE", "defender for endpoint" and "Microsoft Defender
 * for Endpoint" all name the same workload; matching ignores case, spacing and punctuation and
 * knows the usual aliases. The list of workloads is data (programs/data/workloads.json).
 */
import { z } from 'zod';
import { ProgramDataError, toInputIssues } from './errors';

export interface WorkloadDefinition {
  id: string;
  name: string;
  aliases: string[];
}

export const WorkloadDefinitionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'must be a lower-case kebab-case id like "defender-for-endpoint"' }),
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
});

/** A suite Partner Center names (licences of several workloads): refused as a workload, with what it includes. */
export interface SuiteDefinition {
  name: string;
  aliases: string[];
  includes: string[];
}

/** A product Partner Center reports usage for that no incentive program pays for (Skype for Business...). */
export interface UntrackedProduct {
  name: string;
  aliases: string[];
}

export const WorkloadListSchema = z.strictObject({
  workloads: z.array(WorkloadDefinitionSchema).min(1),
  suites: z.array(z.strictObject({ name: z.string().min(1), aliases: z.array(z.string().min(1)).default([]), includes: z.array(z.string().min(1)).min(1) })).default([]),
  untracked: z.array(z.strictObject({ name: z.string().min(1), aliases: z.array(z.string().min(1)).default([]) })).default([]),
});

/**
 * What a typed name means: a workload, a suite (several workloads), a product no program pays
 * for, or nothing we know (with the nearest known names).
 */
export type WorkloadMatch =
  { kind: 'workload'; workload: WorkloadDefinition } | { kind: 'suite'; suite: SuiteDefinition } | { kind: 'untracked'; product: UntrackedProduct } | { kind: 'unknown'; nearest: string[] };

/**
 * Plan and edition suffixes Partner Center adds to product names ("P2", "Plan 1", "(Plan 2)",
 * "Premium", "Standalone"), stripped from the end of a matching key one at a time when the
 * whole name is not known: "Microsoft Defender for Endpoint P2" is Defender for Endpoint.
 */
const PLAN_SUFFIX = /(plan[1-5]|p[1-5]|premium|standalone|addon)$/;

/** The matching key of a name: lower case, letters and digits only, without a leading "Microsoft". */
export function workloadKey(name: string): string {
  const key = name.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return key.startsWith('microsoft') && key.length > 'microsoft'.length ? key.slice('microsoft'.length) : key;
}

export class WorkloadDirectory {
  private readonly byKey = new Map<string, WorkloadDefinition>();
  private readonly byId = new Map<string, WorkloadDefinition>();
  /** Cache of raw typed names to their definition (names repeat a lot in batches). */
  private readonly resolved = new Map<string, WorkloadDefinition | null>();

  private readonly suitesByKey = new Map<string, SuiteDefinition>();
  private readonly untrackedByKey = new Map<string, UntrackedProduct>();

  constructor(
    readonly definitions: readonly WorkloadDefinition[],
    readonly suites: readonly SuiteDefinition[] = [],
    readonly untracked: readonly UntrackedProduct[] = [],
  ) {
    for (const def of definitions) {
      if (this.byId.has(def.id)) {
        throw new ProgramDataError([{ path: `workloads.${def.id}`, code: 'custom', message: 'is defined twice' }]);
      }
      this.byId.set(def.id, def);
      for (const name of [def.id, def.name, ...def.aliases]) {
        const key = workloadKey(name);
        const other = this.byKey.get(key);
        if (other && other.id !== def.id) {
          throw new ProgramDataError([{ path: `workloads.${def.id}.aliases`, code: 'custom', message: `"${name}" already names workload ${other.id}` }]);
        }
        this.byKey.set(key, def);
      }
    }
    suites.forEach((suite, i) => {
      suite.includes.forEach((id, j) => {
        if (!this.byId.has(id)) throw new ProgramDataError([{ path: `suites[${i}].includes[${j}]`, code: 'custom', message: `"${id}" is not in the workload list` }]);
      });
      for (const name of [suite.name, ...suite.aliases]) this.claimName(name, `suites[${i}]`, () => this.suitesByKey.set(workloadKey(name), suite));
    });
    untracked.forEach((product, i) => {
      for (const name of [product.name, ...product.aliases]) this.claimName(name, `untracked[${i}]`, () => this.untrackedByKey.set(workloadKey(name), product));
    });
  }

  /** A suite or untracked name must not also name a workload or another entry. */
  private claimName(name: string, path: string, set: () => void): void {
    const key = workloadKey(name);
    if (this.byKey.has(key) || this.suitesByKey.has(key) || this.untrackedByKey.has(key)) {
      throw new ProgramDataError([{ path, code: 'custom', message: `"${name}" already names another workload, suite or product` }]);
    }
    set();
  }

  static fromData(data: unknown): WorkloadDirectory {
    const parsed = WorkloadListSchema.safeParse(data);
    if (!parsed.success) throw new ProgramDataError(toInputIssues(parsed.error).map((i) => ({ ...i, path: `workloads: ${i.path}` })));
    return new WorkloadDirectory(parsed.data.workloads, parsed.data.suites, parsed.data.untracked);
  }

  /**
   * The workload a typed name means, or null when no workload goes by that name.
   * @example directory.resolve('mde')?.id // => 'defender-for-endpoint'
   */
  resolve(typed: string): WorkloadDefinition | null {
    const cached = this.resolved.get(typed);
    if (cached !== undefined) return cached;
    const found = this.byKeyOrPlan(workloadKey(typed));
    if (this.resolved.size < 10_000) this.resolved.set(typed, found);
    return found;
  }

  /** The workload of a key, or of the key without its plan suffixes ("defenderforendpointp2"). */
  private byKeyOrPlan(key: string): WorkloadDefinition | null {
    for (let k = key; k.length > 0;) {
      const found = this.byKey.get(k);
      if (found) return found;
      if (this.suitesByKey.has(k) || this.untrackedByKey.has(k)) return null;
      const stripped = k.replace(PLAN_SUFFIX, '');
      if (stripped === k) return null;
      k = stripped;
    }
    return null;
  }

  /**
   * What a typed name means, for messages: a workload, a suite, a product no program pays for,
   * or the three nearest known names.
   * @example directory.match('Office 365 E5').kind // => 'suite'
   */
  match(typed: string): WorkloadMatch {
    const workload = this.resolve(typed);
    if (workload) return { kind: 'workload', workload };
    for (let k = workloadKey(typed); k.length > 0;) {
      const suite = this.suitesByKey.get(k);
      if (suite) return { kind: 'suite', suite };
      const product = this.untrackedByKey.get(k);
      if (product) return { kind: 'untracked', product };
      const stripped = k.replace(PLAN_SUFFIX, '');
      if (stripped === k) break;
      k = stripped;
    }
    return { kind: 'unknown', nearest: this.nearest(typed, 3) };
  }

  /**
   * Why a typed name is not a workload, in words (null when it is one).
   * @example directory.problemWith('Office 365 E5') // => '"Office 365 E5" is a suite, not a workload: ...'
   */
  problemWith(typed: string): string | null {
    const m = this.match(typed);
    switch (m.kind) {
      case 'workload':
        return null;
      case 'suite':
        return `"${typed}" is a suite, not a workload: report each of its workloads on its own (${m.suite.includes.map((id) => this.byId.get(id)?.name ?? id).join(', ')})`;
      case 'untracked':
        return `"${typed}" (${m.product.name}) is a product no incentive program pays for, not a workload we track`;
      case 'unknown':
        return `"${typed}" is not a workload we know${m.nearest.length > 0 ? `; nearest known names: ${m.nearest.map((n) => `"${n}"`).join(', ')}` : ''}`;
    }
  }

  /** The display names of the workloads whose names are nearest to a typed one (edit distance of the matching keys). */
  nearest(typed: string, count: number): string[] {
    const key = workloadKey(typed);
    const best = new Map<string, number>();
    for (const [k, def] of this.byKey) {
      const d = editDistance(key, k);
      if (d < (best.get(def.id) ?? Infinity)) best.set(def.id, d);
    }
    return [...best.entries()]
      .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, count)
      .map(([id]) => this.byId.get(id)!.name);
  }

  /** Every name a workload is accepted by (its id, name and aliases). */
  acceptedNames(id: string): string[] {
    const def = this.byId.get(id);
    return def ? [def.id, def.name, ...def.aliases] : [];
  }

  byIdOrNull(id: string): WorkloadDefinition | null {
    return this.byId.get(id) ?? null;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }
}

/** Levenshtein distance of two strings (short names: the plain two-row version). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}
