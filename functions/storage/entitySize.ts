/**
 * Table Storage's size limits, checked before writing so that a too-large record gets a clear
 * error naming the field instead of a service error: an entity is at most 1 MiB by the
 * service's own formula, a string property at most 64 KiB (32,768 UTF-16 characters), and an
 * entity has at most 252 properties of its own.
 */
import { StorageInputError } from './storageErrors';

export const MAX_ENTITY_BYTES = 1024 * 1024;
export const MAX_STRING_CHARS = 32 * 1024;
export const MAX_PROPERTIES = 252;

/**
 * The entity's size as the service counts it: 4 + 2 x (key lengths) + for each property
 * 8 + 2 x (name length) + the value's size (string 4 + 2 x length, number 8, boolean 1).
 */
export function entitySize(entity: Record<string, unknown>): number {
  let size = 4;
  for (const [name, value] of Object.entries(entity)) {
    if (name === 'partitionKey' || name === 'rowKey') {
      size += 2 * String(value).length;
      continue;
    }
    if (value === undefined || value === null) continue;
    size += 8 + 2 * name.length;
    if (typeof value === 'string') size += 4 + 2 * value.length;
    else if (typeof value === 'boolean') size += 1;
    else size += 8;
  }
  return size;
}

/** Throws StorageInputError naming the field when the entity would break a limit. */
export function checkEntitySize(entity: Record<string, unknown>): void {
  let properties = 0;
  for (const [name, value] of Object.entries(entity)) {
    if (name === 'partitionKey' || name === 'rowKey' || value === undefined || value === null) continue;
    properties++;
    if (typeof value === 'string' && value.length > MAX_STRING_CHARS) {
      throw new StorageInputError(name, `is ${value.length.toLocaleString('en-US')} characters; Table Storage keeps at most ${MAX_STRING_CHARS.toLocaleString('en-US')} (64 KiB) in one text field`);
    }
  }
  if (properties > MAX_PROPERTIES) throw new StorageInputError('(record)', `has ${properties} fields; Table Storage keeps at most ${MAX_PROPERTIES}`);
  const size = entitySize(entity);
  if (size > MAX_ENTITY_BYTES) {
    throw new StorageInputError('(record)', `is ${size.toLocaleString('en-US')} bytes as stored; Table Storage keeps at most ${MAX_ENTITY_BYTES.toLocaleString('en-US')} (1 MiB) per record`);
  }
}
