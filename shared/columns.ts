/**
 * Column names as people write them in exports and workbooks, matched to our field names:
 * case, spaces and punctuation do not matter ("Tenant ID", "tenantId", "CUSTOMER_TENANT_ID").
 * Used by the CSV import and by the add-in's "Track selected rows". Also how counts and
 * months are read from text cells.
 */
import { parseMonthText } from './dates';

export const IMPORT_FIELDS = ['tenantId', 'customerName', 'customerTpid', 'workload', 'paidAvailableUnits', 'monthlyActiveUsers', 'month', 'programId'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The fields a row must have. */
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = ['tenantId', 'workload', 'paidAvailableUnits', 'monthlyActiveUsers', 'month'];

/** Header names (normalized) that mean each field. */
export const ALIASES: Record<ImportField, string[]> = {
  tenantId: ['tenantid', 'customertenantid', 'customertenant', 'tenant', 'aadtenantid', 'entratenantid', 'customerid'],
  customerName: ['customername', 'customer', 'companyname', 'customercompanyname', 'organization'],
  customerTpid: ['customertpid', 'tpid'],
  workload: ['workload', 'workloadname', 'product', 'productname', 'service'],
  paidAvailableUnits: ['paidavailableunits', 'pau', 'paidunits', 'paidseats', 'availableunits'],
  monthlyActiveUsers: ['monthlyactiveusers', 'mau', 'activeusers', 'monthlyactive'],
  month: ['month', 'usagemonth', 'reportmonth', 'period', 'usageperiod', 'date', 'usagedate'],
  programId: ['programid', 'program', 'incentiveprogram'],
};

const BY_ALIAS = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) for (const alias of ALIASES[field]) BY_ALIAS.set(alias, field);

/** A header as we compare it: lower case, letters and digits only. */
export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** The field a header names, or null for a column we ignore. */
export function fieldOfHeader(header: string): ImportField | null {
  return BY_ALIAS.get(normalizeHeader(header)) ?? null;
}

/**
 * A count as exports write it: "1200", "1,200" or "1.200" (thousands separators of either
 * locale; counts are whole numbers, so neither can be a decimal point).
 */
export function parseCount(raw: string): number | null {
  const v = raw.replace(/[\s\u00a0\u202f']/g, '');
  if (/^\d+$/.test(v)) return Number(v);
  if (/^\d{1,3}([.,]\d{3})+$/.test(v) && new Set(v.replace(/\d/g, '')).size === 1) return Number(v.replace(/[.,]/g, ''));
  return null;
}

/** A month as exports write it: 2026-05, 2026-05-01 (its month), 2026/05 or 05/2026; null for no real month (dates.ts says why). */
export function parseMonth(raw: string): string | null {
  const month = parseMonthText(raw);
  return month.ok ? month.value : null;
}

/** The delimiter of a header line: the most frequent of , ; and tab outside quotes. */
export function detectDelimiter(headerLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}
