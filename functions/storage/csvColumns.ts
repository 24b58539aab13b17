/**
 * How the cells of an export are read (shared/columns.ts, also used by the add-in); the header
 * row itself is read by reports/columns.ts.
 */
export { detectDelimiter, fieldOfHeader, parseCount, parseMonth, type ImportField } from '../../shared/columns';
