/**
 * The header row of a report: columns found by name (case, spaces and punctuation ignored;
 * shared/columns.ts knows the names people give our fields), wherever they are. A column the
 * import reads that is present twice is refused: which of the two to read cannot be guessed.
 * Columns never asked for are reported as ignored.
 */
import { ALIASES, normalizeHeader, REQUIRED_IMPORT_FIELDS, type ImportField } from '../../../shared/columns';
import { StorageInputError } from '../storageErrors';

export class ColumnIndex {
  private readonly byName = new Map<string, number[]>();
  private readonly used = new Set<number>();

  constructor(readonly headers: readonly string[]) {
    headers.forEach((h, i) => {
      const name = normalizeHeader(h);
      if (name === '') return;
      const at = this.byName.get(name);
      if (at) at.push(i);
      else this.byName.set(name, [i]);
    });
  }

  /** Whether a column of that (normalized) name is present. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The column of a normalized name, if present (refused when present twice). */
  optional(name: string): number | undefined {
    const at = this.byName.get(name);
    if (!at) return undefined;
    if (at.length > 1) {
      throw new StorageInputError('header', `has the column "${this.headers[at[0]!]}" twice (columns ${at[0]! + 1} and ${at[1]! + 1}); remove one so the import knows which to read`);
    }
    this.used.add(at[0]!);
    return at[0];
  }

  /** The column of a normalized name that the report must have. */
  required(name: string, label: string): number {
    const i = this.optional(name);
    if (i === undefined) throw new StorageInputError('header', `(the first line) has no column "${label}"; columns found: ${this.listed()}`);
    return i;
  }

  /** The column of one of our fields, under any of its names (refused when two columns name it). */
  field(f: ImportField): number | undefined {
    const present = ALIASES[f].filter((a) => this.byName.has(a));
    if (present.length > 1) {
      const [a, b] = present.map((n) => this.headers[this.byName.get(n)![0]!]);
      throw new StorageInputError('header', `has two columns for ${f}: "${a}" and "${b}"; remove one so the import knows which to read`);
    }
    return present.length === 1 ? this.optional(present[0]!) : undefined;
  }

  /** The columns of our fields; the required ones must be there (named in the error with the names they go by). */
  fields(): Record<ImportField, number | undefined> {
    const index = {} as Record<ImportField, number | undefined>;
    for (const f of Object.keys(ALIASES) as ImportField[]) index[f] = this.field(f);
    const missing = REQUIRED_IMPORT_FIELDS.filter((f) => index[f] === undefined);
    if (missing.length > 0) {
      const names = missing.map(
        (f) =>
          `${f} (a column named ${ALIASES[f]
            .slice(0, 3)
            .map((a) => `"${a}"`)
            .join(' or ')})`,
      );
      throw new StorageInputError(
        'header',
        `(the first line) has no column for ${names.join(', ')}; columns found: ${this.listed()}. This import reads Partner Center's Office 365 and Enterprise Mobility license usage reports as downloaded, and usage files with tenant ID, workload, PAU, MAU and month columns`,
      );
    }
    return index;
  }

  /** Headers no reader asked for, as written. */
  ignored(): string[] {
    return this.headers.filter((h, i) => !this.used.has(i) && h.trim() !== '');
  }

  private listed(): string {
    return this.headers.map((h) => `"${h}"`).join(', ');
  }
}
