/**
 * Errors of the tracked-customer store, each mapped to its HTTP status by the API's adapter:
 * a bad value (400, naming the field), a missing entity (404), an existing one (409), a stale
 * or missing ETag (412 / 428), storage out of reach after the retries (503).
 */

/** A value the store cannot write or query with (bad key character, too large, too many filters). */
export class StorageInputError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field} ${problem}`);
    this.name = 'StorageInputError';
  }
}

export class EntityNotFound extends Error {
  constructor(what: string, detail = `${what} is not tracked.`) {
    super(detail);
    this.name = 'EntityNotFound';
  }
}

export class EntityExists extends Error {
  constructor(what: string) {
    super(`${what} is already tracked; to replace it, send If-Match with its ETag.`);
    this.name = 'EntityExists';
  }
}

/** The entity is still referred to (a program year by tracked workloads): nothing was deleted. */
export class EntityInUse extends Error {
  constructor(
    message: string,
    readonly count: number,
  ) {
    super(message);
    this.name = 'EntityInUse';
  }
}

/** The entity changed since the caller read it: nothing was written. */
export class StaleEtag extends Error {
  constructor(what: string) {
    super(`${what} changed since you read it (the ETag no longer matches); nothing was written. Read it again and retry with the new ETag.`);
    this.name = 'StaleEtag';
  }
}

/** An update or delete sent without the ETag it must carry. */
export class EtagRequired extends Error {
  constructor(what: string) {
    super(`Updating or deleting ${what} needs the If-Match header with the ETag you read (GET returns it), so that nobody's change is overwritten.`);
    this.name = 'EtagRequired';
  }
}

/** Storage did not answer, even after the retries. */
export class StorageUnavailable extends Error {
  constructor(detail: string) {
    super(`Storage is unavailable: ${detail}`);
    this.name = 'StorageUnavailable';
  }
}

/** The HTTP status of a storage error (the SDK's RestError), if it has one. */
export function statusOf(e: unknown): number | undefined {
  return typeof e === 'object' && e !== null ? (e as { statusCode?: number }).statusCode : undefined;
}
