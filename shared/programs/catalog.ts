/**
 * The program catalog: every program year the engine knows, validated at load. The shipped
 * catalog is built from the data files beside this module; a custom catalog (for example one
 * an ops team edited after Microsoft published a new guide) can be loaded at run time with
 * `loadCatalog`, and every engine function accepts it as its last argument.
 */
import { z } from 'zod';
import { EngineInputError, ProgramDataError, toInputIssues, type InputIssue } from '../errors';
import { SLOW, withFast } from '../fastPath';
import { WorkloadDirectory, WorkloadListSchema } from '../workloads';
import { CatalogAmendmentSchema, inDateOrder, mergeFigures, type Amendment } from './amendments';
import { ProgramSchema, RecognitionRulesSchema, type Program, type RecognitionRules } from './schema';
import securityFy25 from './data/security-usage-fy25.json';
import securityFy26 from './data/security-usage-fy26.json';
import securityFy27 from './data/security-usage-fy27.json';
import modernWorkFy25 from './data/modern-work-usage-fy25.json';
import modernWorkFy26 from './data/modern-work-usage-fy26.json';
import modernWorkFy27 from './data/modern-work-usage-fy27.json';
import recognitionData from './data/partner-recognition.json';
import workloadData from './data/workloads.json';

export interface CatalogData {
  /** Program years as their year starts (amendments apply on top, from their dates). */
  programs: unknown[];
  workloads: unknown;
  recognition: unknown;
  /** Changes to program years' figures from a date, each naming its `programId` (amendments.ts). */
  amendments?: unknown[];
  /** Where the catalog comes from and which version it is (shown to users). */
  info?: CatalogInfo;
}

/** Where a catalog comes from: the shipped example files, the team's stored catalog, a file. */
export interface CatalogInfo {
  source: 'shipped' | 'stored' | 'file';
  /** Changes whenever any figure changes (stored catalogs: the program rows' versions). */
  version: string;
}

/** A program year's figures from a date on: the year's own, or with amendments applied. */
export interface ProgramVersion {
  from: string;
  program: Program;
  /** The amendments applied to get these figures, in the order applied. */
  amendments: readonly Amendment[];
}

/** A program chosen for a date: the program, and whether the date falls inside its year. */
export interface ResolvedProgram {
  program: Program;
  activeOnDate: boolean;
}

export class Catalog {
  private readonly byId = new Map<string, Program>();
  private readonly byFamily = new Map<string, Program[]>();
  /** programId -> date -> resolution: two lookups on existing strings, no key to build. */
  private readonly resolvedCache = new Map<string, Map<string, ResolvedProgram>>();
  private resolvedCount = 0;

  /** Association types that exist only for some license programs, as a Map for the hot path. */
  readonly associationLicensePrograms: ReadonlyMap<string, readonly string[]>;

  /** Program year id -> its amended versions after the first, by date (none for most years). */
  private readonly versions: ReadonlyMap<string, readonly ProgramVersion[]>;
  private readonly appliedBy = new Map<Program, readonly Amendment[]>();

  constructor(
    readonly programs: readonly Program[],
    readonly workloads: WorkloadDirectory,
    readonly recognition: RecognitionRules,
    versions: ReadonlyMap<string, readonly ProgramVersion[]> = new Map(),
    readonly info: CatalogInfo = { source: 'shipped', version: 'shipped' },
  ) {
    this.versions = versions;
    for (const list of versions.values()) for (const v of list) this.appliedBy.set(v.program, v.amendments);
    const onlyFor = new Map<string, readonly string[]>();
    for (const [association, licensePrograms] of Object.entries(recognition.associationLicensePrograms)) {
      if (licensePrograms) onlyFor.set(association, licensePrograms);
    }
    this.associationLicensePrograms = onlyFor;
    for (const p of programs) {
      this.byId.set(p.id, p);
      const family = this.byFamily.get(p.family) ?? [];
      family.push(p);
      this.byFamily.set(p.family, family);
    }
    for (const family of this.byFamily.values()) family.sort((a, b) => (a.programYear.start < b.programYear.start ? -1 : 1));
  }

  /** Program ids and family ids, for error messages and listings. */
  knownProgramIds(): string[] {
    return [...this.byFamily.keys(), ...this.byId.keys()];
  }

  get(id: string): Program | undefined {
    return this.byId.get(id);
  }

  /** Whether an id names a program family (whose year a date picks). */
  isFamily(id: string): boolean {
    return this.byFamily.has(id.trim().toLowerCase());
  }

  /**
   * The program a `programId` means on a date. A program-year id (`security-usage-fy25`) means
   * that year; a family id (`security-usage`) means the year whose dates contain the date.
   * Throws an EngineInputError naming `programId` when no program goes by that id.
   * @example catalog.resolve('security-usage', '2025-11-03').program.id // => 'security-usage-fy26'
   */
  resolve(programId: string, onDate: string): ResolvedProgram {
    let byDate = this.resolvedCache.get(programId);
    const cached = byDate?.get(onDate);
    if (cached) return cached;
    const resolved = this.resolveUncached(programId, onDate);
    if (this.resolvedCount > 50_000) {
      this.resolvedCache.clear();
      this.resolvedCount = 0;
      byDate = undefined;
    }
    if (!byDate) {
      byDate = new Map();
      this.resolvedCache.set(programId, byDate);
    }
    byDate.set(onDate, resolved);
    this.resolvedCount++;
    return resolved;
  }

  /**
   * A program year's figures in force on a date: its own, or with the amendments effective on
   * or before the date applied. A date before the first amendment gives the year's own figures.
   * @example catalog.inForce(fy26, '2026-06-30').payout // the year's own; catalog.inForce(fy26, '2026-07-01') // with a July amendment
   */
  inForce(program: Program, onDate: string): Program {
    const list = this.versions.get(program.id);
    if (list === undefined) return program;
    let found = program;
    for (const v of list) if (v.from <= onDate) found = v.program;
    return found;
  }

  /** The amendments applied to get a program's figures (none for a year's own figures). */
  amendmentsOf(program: Program): readonly Amendment[] {
    return this.appliedBy.get(program) ?? [];
  }

  /** Every amendment of a program year, applied or not, in date order. */
  allAmendmentsOf(programId: string): readonly Amendment[] {
    const list = this.versions.get(programId);
    return list && list.length > 0 ? list[list.length - 1]!.amendments : [];
  }

  /** The program years whose figures in force on a date are the shipped examples. */
  exampleProgramIds(onDate: string): string[] {
    return this.programs.filter((p) => this.inForce(p, onDate).exampleFigures === true).map((p) => p.id);
  }

  private resolveUncached(programId: string, onDate: string): ResolvedProgram {
    const found = this.resolveYear(programId, onDate);
    return this.versions.size === 0 ? found : { program: this.inForce(found.program, onDate), activeOnDate: found.activeOnDate };
  }

  private resolveYear(programId: string, onDate: string): ResolvedProgram {
    const exact = this.byId.get(programId) ?? this.byId.get(programId.trim().toLowerCase());
    if (exact) return { program: exact, activeOnDate: isActive(exact, onDate) };
    const family = this.byFamily.get(programId.trim().toLowerCase());
    if (!family || family.length === 0) {
      throw new EngineInputError([{ path: 'programId', code: 'custom', message: `is not a known program: "${programId}" (known: ${this.knownProgramIds().join(', ')})` }]);
    }
    const active = family.find((p) => isActive(p, onDate));
    if (active) return { program: active, activeOnDate: true };
    // No year covers the date: the nearest year, reported as not active.
    const first = family[0] as Program;
    const last = family[family.length - 1] as Program;
    const nearest = onDate < first.programYear.start ? first : (family.filter((p) => p.programYear.start <= onDate).pop() ?? last);
    return { program: nearest, activeOnDate: false };
  }

  /**
   * The family of the programs that pay for a workload (the first in catalog order), if any:
   * the program an imported usage row is tracked under when the file names none.
   * @example catalog.familyOfWorkload('defender-for-endpoint') // => 'security-usage'
   */
  familyOfWorkload(workloadId: string): string | undefined {
    return this.programs.find((p) => p.workloads.includes(workloadId))?.family;
  }

  /** The year of the same family that covers a date, if any (to say what applies instead). */
  programOnDate(family: string, onDate: string): Program | undefined {
    const year = this.byFamily.get(family)?.find((p) => isActive(p, onDate));
    return year === undefined ? undefined : this.inForce(year, onDate);
  }
}

export function isActive(program: Program, onDate: string): boolean {
  return program.programYear.start <= onDate && onDate <= program.programYear.end;
}

function prefixed(issues: InputIssue[], prefix: string): InputIssue[] {
  return issues.map((i) => ({ ...i, path: i.path ? `${prefix}.${i.path}` : prefix }));
}

/**
 * Validate catalog data and build a Catalog. Invalid data is rejected with a ProgramDataError
 * whose issues name the program and the field, e.g.
 * `programs[security-usage-fy25].sizeBands[0].minSeats: must equal the seat minimum 150`.
 */
export function loadCatalog(data: CatalogData): Catalog {
  const issues: InputIssue[] = [];
  const parsedWorkloads = WorkloadListSchema.safeParse(data.workloads);
  if (!parsedWorkloads.success) issues.push(...prefixed(toInputIssues(parsedWorkloads.error), 'workloads'));
  const parsedRecognition = RecognitionRulesSchema.safeParse(data.recognition);
  if (!parsedRecognition.success) issues.push(...prefixed(toInputIssues(parsedRecognition.error), 'recognition'));

  const programs: Program[] = [];
  data.programs.forEach((raw, index) => {
    const label = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : String(index);
    const parsed = ProgramSchema.safeParse(raw);
    if (!parsed.success) issues.push(...prefixed(toInputIssues(parsed.error), `programs[${label}]`));
    else programs.push(parsed.data);
  });
  if (issues.length > 0) throw new ProgramDataError(issues);

  const workloads = new WorkloadDirectory(parsedWorkloads.data!.workloads, parsedWorkloads.data!.suites, parsedWorkloads.data!.untracked);
  const recognition = parsedRecognition.data!;
  const seen = new Set<string>();
  for (const p of programs) {
    const at = `programs[${p.id}]`;
    if (seen.has(p.id)) issues.push({ path: `${at}.id`, code: 'custom', message: `"${p.id}" is used by two programs` });
    seen.add(p.id);
    issues.push(...unknownWorkloads(p, at, workloads));
    for (const other of programs) {
      if (other !== p && other.family === p.family && other.id > p.id) {
        const overlap = other.programYear.start <= p.programYear.end && p.programYear.start <= other.programYear.end;
        if (overlap) {
          issues.push({ path: `${at}.programYear`, code: 'custom', message: `overlaps ${other.id} of the same family; a date must pick one year` });
        }
      }
    }
  }
  const versions = amendedVersions(data.amendments ?? [], programs, (program, at) => unknownWorkloads(program, at, workloads), issues);
  recognition.productGroups.forEach((g, i) =>
    g.workloads.forEach((w, j) => {
      if (!workloads.has(w)) issues.push({ path: `recognition.productGroups[${i}].workloads[${j}]`, code: 'custom', message: `"${w}" is not in the workload list` });
    }),
  );
  if (issues.length > 0) throw new ProgramDataError(issues);
  return new Catalog(programs, workloads, recognition, versions, data.info ?? { source: 'shipped', version: 'shipped' });
}

/** Every workload a program names that the workload list lacks, by field. */
function unknownWorkloads(p: Program, at: string, workloads: WorkloadDirectory): InputIssue[] {
  const issues: InputIssue[] = [];
  const lists: Array<[string, string[]]> = [
    ['workloads', p.workloads],
    ['recognitionOnlyWorkloads', p.recognitionOnlyWorkloads],
    ['retiredWorkloads', p.retiredWorkloads.map((r) => r.workload)],
  ];
  for (const [field, ids] of lists) {
    ids.forEach((w, i) => {
      if (!workloads.has(w)) issues.push({ path: `${at}.${field}[${i}]`, code: 'custom', message: `"${w}" is not in the workload list` });
    });
  }
  return issues;
}

/**
 * Validate amendments and build each amended program year's versions. Issues name the program
 * year and the amendment by its index among that year's amendments as given:
 * `programs[security-usage-fy26].amendments[0].changes.sizeBands[2].minSeats`.
 */
function amendedVersions(raw: readonly unknown[], programs: readonly Program[], workloadIssues: (p: Program, at: string) => InputIssue[], issues: InputIssue[]): Map<string, ProgramVersion[]> {
  const byProgram = new Map<string, Array<{ amendment: Amendment; index: number }>>();
  raw.forEach((item, i) => {
    const parsed = CatalogAmendmentSchema.safeParse(item);
    if (!parsed.success) {
      issues.push(...prefixed(toInputIssues(parsed.error), `amendments[${i}]`));
      return;
    }
    const { programId, ...amendment } = parsed.data;
    if (!programs.some((p) => p.id === programId)) {
      issues.push({ path: `amendments[${i}].programId`, code: 'custom', message: `"${programId}" is not a program year of the catalog` });
      return;
    }
    const list = byProgram.get(programId) ?? [];
    list.push({ amendment, index: list.length });
    byProgram.set(programId, list);
  });
  const versions = new Map<string, ProgramVersion[]>();
  for (const [programId, list] of byProgram) {
    const base = programs.find((p) => p.id === programId)!;
    const { start, end } = base.programYear;
    const out: ProgramVersion[] = [];
    let current: Program = base;
    const applied: Amendment[] = [];
    const seenDates = new Set<string>();
    for (const { amendment, index } of inDateOrder(list.map((x) => ({ ...x, effectiveFrom: x.amendment.effectiveFrom })))) {
      const at = `programs[${programId}].amendments[${index}]`;
      if (amendment.effectiveFrom < start || amendment.effectiveFrom > end) {
        issues.push({ path: `${at}.effectiveFrom`, code: 'custom', message: `${amendment.effectiveFrom} is outside the program year of ${programId} (${start} to ${end})` });
        continue;
      }
      if (seenDates.has(amendment.effectiveFrom)) {
        issues.push({ path: `${at}.effectiveFrom`, code: 'custom', message: `another amendment of ${programId} is already effective from ${amendment.effectiveFrom}; change that one instead` });
        continue;
      }
      seenDates.add(amendment.effectiveFrom);
      const parsed = ProgramSchema.safeParse(mergeFigures(current, amendment.changes));
      if (!parsed.success) {
        // A field the amendment changes is named under `changes`; a rule it breaks elsewhere, under the amendment.
        for (const issue of toInputIssues(parsed.error)) {
          const field = issue.path.split(/[.[]/)[0] ?? '';
          const changed = field !== '' && (amendment.changes as Record<string, unknown>)[field] !== undefined;
          issues.push({ ...issue, path: changed ? `${at}.changes.${issue.path}` : `${at}${issue.path ? `.${issue.path}` : ''}` });
        }
        continue;
      }
      // Only the lists this amendment changes: a bad list of the year itself is reported once, for the year.
      const changed = amendment.changes as Record<string, unknown>;
      const bad = workloadIssues(parsed.data, `${at}.changes`).filter((i) => changed[i.path.slice(at.length + '.changes.'.length).split('[')[0]!] !== undefined);
      if (bad.length > 0) {
        issues.push(...bad);
        continue;
      }
      current = parsed.data;
      applied.push(amendment);
      out.push({ from: amendment.effectiveFrom, program: current, amendments: [...applied] });
    }
    versions.set(programId, out);
  }
  return versions;
}

/** The data files shipped with the engine. */
export const shippedCatalogData: CatalogData = {
  programs: [securityFy25, securityFy26, securityFy27, modernWorkFy25, modernWorkFy26, modernWorkFy27],
  workloads: workloadData,
  recognition: recognitionData,
};

/** The catalog built from the shipped data, validated once at load. */
export const defaultCatalog: Catalog = loadCatalog(shippedCatalogData);

/**
 * The data of a catalog as loadCatalog takes it: program years as they start, amendments
 * apart, the workload list and the recognition rules (what an export writes, an import reads).
 */
export function catalogData(catalog: Catalog): Required<CatalogData> {
  const amendments: unknown[] = [];
  for (const p of catalog.programs) for (const a of catalog.allAmendmentsOf(p.id)) amendments.push({ programId: p.id, ...a });
  return { programs: [...catalog.programs], workloads: { workloads: catalog.workloads.definitions }, recognition: catalog.recognition, amendments, info: catalog.info };
}

/** Schema of a program id field (resolution against the catalog happens in the engine). */
export const programIdSchema = () =>
  withFast(
    z
      .string({ error: (iss) => (iss.input === undefined ? 'is required (a program id like "security-usage-fy25" or a family like "security-usage")' : 'must be a program id') })
      .min(1, { error: 'cannot be empty' }),
    (v) => (typeof v === 'string' && v.length >= 1 ? v : SLOW),
  );
