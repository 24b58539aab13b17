/**
 * Table keys, built only from validated values. Table Storage forbids `/ \ # ?` and control
 * characters in PartitionKey and RowKey; a value holding one is refused with a message naming
 * the field (never sent, never silently altered).
 */
import { StorageInputError } from './storageErrors';

/** Characters Table Storage does not allow in keys: / \ # ? and control characters. */
const FORBIDDEN = /[/\\#?\u0000-\u001f\u007f-\u009f]/;
/** Keys are at most 1 KiB (512 UTF-16 characters). */
const MAX_KEY_CHARS = 512;

/** The value itself, checked to be usable as (part of) a table key. */
export function keyPart(value: string, field: string): string {
  if (value.length === 0) throw new StorageInputError(field, 'must not be empty: it is part of the table key');
  if (value.length > MAX_KEY_CHARS) throw new StorageInputError(field, `is ${value.length} characters; a table key holds at most ${MAX_KEY_CHARS}`);
  const bad = FORBIDDEN.exec(value);
  if (bad) {
    const shown = bad[0] < ' ' || bad[0] > '~' ? `control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}` : `"${bad[0]}"`;
    throw new StorageInputError(field, `contains ${shown}, which Table Storage does not allow in keys (/ \\ # ? and control characters)`);
  }
  return value;
}

/** Separator of compound row keys (allowed in keys, absent from the parts we build from). */
export const KEY_SEPARATOR = '|';

/** Tracked workloads: one partition per tenant, one row per workload. */
export function workloadKeys(tenantId: string, workloadId: string): { partitionKey: string; rowKey: string } {
  return { partitionKey: keyPart(tenantId, 'tenantId'), rowKey: keyPart(workloadId, 'workload') };
}

/** Monthly usage: one partition per tenant, rows `<workload>|<YYYY-MM>` so one workload's history is a row-key range. */
export function usageKeys(tenantId: string, workloadId: string, month: string): { partitionKey: string; rowKey: string } {
  return { partitionKey: keyPart(tenantId, 'tenantId'), rowKey: `${keyPart(workloadId, 'workload')}${KEY_SEPARATOR}${keyPart(month, 'month')}` };
}

/** The row-key range holding one workload's usage months. */
export function usageRange(workloadId: string): { from: string; to: string } {
  const prefix = `${keyPart(workloadId, 'workload')}${KEY_SEPARATOR}`;
  // '}' sorts right after '|', so [prefix, prefix-with-'}') is exactly the rows starting with the prefix.
  return { from: prefix, to: `${prefix.slice(0, -1)}}` };
}
