/**
 * The columns of a Partner Center / usage report export: each field's column found by name
 * (shared/columns.ts), other columns ignored by name, wherever they are.
 */
import { ALIASES, fieldOfHeader, REQUIRED_IMPORT_FIELDS, type ImportField } from '../../shared/columns';
import { StorageInputError } from './storageErrors';

export { detectDelimiter, fieldOfHeader, parseCount, parseMonth, type ImportField } from '../../shared/columns';

export interface ColumnMap {
  /** Index of each recognized field's column. */
  index: Partial<Record<ImportField, number>>;
  /** Headers ignored, as written. */
  ignored: string[];
}

/** The columns of a header row; throws with the missing fields named. */
export function mapColumns(headers: readonly string[]): ColumnMap {
  const index: Partial<Record<ImportField, number>> = {};
  const ignored: string[] = [];
  headers.forEach((h, i) => {
    const field = fieldOfHeader(h);
    if (field === null || index[field] !== undefined) ignored.push(h);
    else index[field] = i;
  });
  const missing = REQUIRED_IMPORT_FIELDS.filter((f) => index[f] === undefined);
  if (missing.length > 0) {
    const names = missing.map(
      (f) =>
        `${f} (a column named ${ALIASES[f]
          .slice(0, 3)
          .map((a) => `"${a}"`)
          .join(' or ')})`,
    );
    throw new StorageInputError('header', `(the first line) has no column for ${names.join(', ')}; columns found: ${headers.map((h) => `"${h}"`).join(', ')}`);
  }
  return { index, ignored };
}
