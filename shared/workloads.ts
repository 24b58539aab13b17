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

export const WorkloadListSchema = z.strictObject({ workloads: z.array(WorkloadDefinitionSchema).min(1) });

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

  constructor(readonly definitions: readonly WorkloadDefinition[]) {
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
  }

  static fromData(data: unknown): WorkloadDirectory {
    const parsed = WorkloadListSchema.safeParse(data);
    if (!parsed.success) throw new ProgramDataError(toInputIssues(parsed.error).map((i) => ({ ...i, path: `workloads: ${i.path}` })));
    return new WorkloadDirectory(parsed.data.workloads);
  }

  /**
   * The workload a typed name means, or null when no workload goes by that name.
   * @example directory.resolve('mde')?.id // => 'defender-for-endpoint'
   */
  resolve(typed: string): WorkloadDefinition | null {
    const cached = this.resolved.get(typed);
    if (cached !== undefined) return cached;
    const found = this.byKey.get(workloadKey(typed)) ?? null;
    if (this.resolved.size < 10_000) this.resolved.set(typed, found);
    return found;
  }

  byIdOrNull(id: string): WorkloadDefinition | null {
    return this.byId.get(id) ?? null;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }
}
