/**
 * The rules the store enforces itself, without storage: transaction planning (the real
 * service's batch limits), entity size limits, key characters, filter values, retries, and
 * how CSV columns, counts and months are read.
 */
import type { TransactionAction } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import { detectDelimiter, fieldOfHeader, parseCount, parseMonth } from '../../functions/storage/csvColumns';
import { ColumnIndex } from '../../functions/storage/reports/columns';
import { checkEntitySize, entitySize } from '../../functions/storage/entitySize';
import { allOf, booleanValue, numberValue, textValue } from '../../functions/storage/filters';
import { keyPart, usageKeys, usageRange } from '../../functions/storage/keys';
import { backoffDelay, isTransient, withRetry } from '../../functions/storage/retry';
import { StorageInputError, StorageUnavailable } from '../../functions/storage/storageErrors';
import { planTransactions } from '../../functions/storage/transactions';

const upsert = (pk: string, rk: string, extra: Record<string, unknown> = {}): TransactionAction => ['upsert', { partitionKey: pk, rowKey: rk, ...extra }, 'Replace'];

describe('planTransactions', () => {
  it('never mixes partitions in one transaction', () => {
    const batches = planTransactions([upsert('a', '1'), upsert('b', '1'), upsert('a', '2'), upsert('c', '1'), upsert('b', '2')]);
    expect(batches.map((b) => b.map((a) => `${a[1].partitionKey}${a[1].rowKey}`))).toEqual([['a1', 'a2'], ['b1', 'b2'], ['c1']]);
  });

  it('cuts a partition into transactions of at most 100 operations', () => {
    const actions = Array.from({ length: 250 }, (_, i) => upsert('p', String(i).padStart(3, '0')));
    expect(planTransactions(actions).map((b) => b.length)).toEqual([100, 100, 50]);
  });

  it('keeps one operation per entity: the last write of a row wins', () => {
    const batches = planTransactions([upsert('p', 'x', { v: 1 }), upsert('p', 'y', { v: 2 }), upsert('p', 'x', { v: 3 })]);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((a) => [a[1].rowKey, a[1].v])).toEqual([
      ['y', 2],
      ['x', 3],
    ]);
  });

  it('keeps each transaction under 4 MiB', () => {
    const big = 'x'.repeat(30_000); // ~30 KB per entity: 100 would be ~3 MB of JSON plus framing
    const actions = Array.from({ length: 300 }, (_, i) => upsert('p', String(i), { a: big, b: big, c: big, d: big }));
    const batches = planTransactions(actions);
    for (const b of batches) expect(Buffer.byteLength(JSON.stringify(b.map((a) => a[1]))) + b.length * 600).toBeLessThan(4 * 1024 * 1024);
    expect(batches.reduce((n, b) => n + b.length, 0)).toBe(300);
    expect(batches.length).toBeGreaterThan(3);
  });
});

describe('entity size limits', () => {
  it('counts size as the service does', () => {
    // 4 + 2*(1+1) keys + (8 + 2*4 + 4 + 2*5) name "name" + (8 + 2*3 + 8) number "pau" + (8 + 2*2 + 1) bool "ok"
    expect(entitySize({ partitionKey: 'p', rowKey: 'r', name: 'hello', pau: 5, ok: true })).toBe(4 + 4 + 30 + 22 + 13);
  });

  it('refuses a text field over 64 KiB, naming it', () => {
    expect(() => checkEntitySize({ partitionKey: 'p', rowKey: 'r', notes: 'x'.repeat(32 * 1024 + 1) })).toThrow(/notes is 32,769 characters.*64 KiB/);
    expect(() => checkEntitySize({ partitionKey: 'p', rowKey: 'r', notes: 'x'.repeat(32 * 1024) })).not.toThrow();
  });

  it('refuses an entity over 1 MiB and one with too many fields', () => {
    const fields: Record<string, unknown> = { partitionKey: 'p', rowKey: 'r' };
    for (let i = 0; i < 20; i++) fields[`f${i}`] = 'x'.repeat(30_000);
    expect(() => checkEntitySize(fields)).toThrow(/bytes as stored.*1 MiB/);
    const many: Record<string, unknown> = { partitionKey: 'p', rowKey: 'r' };
    for (let i = 0; i < 253; i++) many[`f${i}`] = i;
    expect(() => checkEntitySize(many)).toThrow(/253 fields.*252/);
  });
});

describe('table keys', () => {
  it.each([
    ['a/b', '"/"'],
    ['a\\b', '"\\\\"'],
    ['a#b', '"#"'],
    ['a?b', '"\\?"'],
    ['a\u0001b', 'control character U\\+0001'],
    ['a\u007fb', 'control character U\\+007F'],
  ])('refuses %j with a message naming the field and the character', (value, shown) => {
    expect(() => keyPart(value, 'tenantId')).toThrow(StorageInputError);
    expect(() => keyPart(value, 'tenantId')).toThrow(new RegExp(`^tenantId contains ${shown}`));
  });

  it('refuses empty and over-long keys, and builds usage keys as workload|month', () => {
    expect(() => keyPart('', 'workload')).toThrow(/must not be empty/);
    expect(() => keyPart('x'.repeat(513), 'workload')).toThrow(/at most 512/);
    expect(usageKeys('t', 'intune', '2026-05')).toEqual({ partitionKey: 't', rowKey: 'intune|2026-05' });
    const { from, to } = usageRange('intune');
    expect(['intune|2026-05', 'intune|1999-01'].every((k) => k >= from && k < to)).toBe(true);
    expect(['intunex|2026-05', 'intun|2026-05', 'intune'].some((k) => k >= from && k < to)).toBe(false);
  });
});

describe('filters', () => {
  it('quotes a text value as one literal, whatever it holds', () => {
    const clause = odata`sizeBand eq ${textValue("M' or true or 'a", 'sizeBand')}`;
    expect(clause).toBe("sizeBand eq 'M'' or true or ''a'");
  });

  it('checks values to their type before odata inserts them (numbers and objects go in raw)', () => {
    expect(() => textValue({ toString: () => "x' or 1 eq 1" }, 'programId')).toThrow(/programId must be text/);
    expect(() => numberValue('1 or true', 'paidAvailableUnits')).toThrow(/must be a finite number/);
    expect(() => numberValue(Number.NaN, 'paidAvailableUnits')).toThrow(/finite number/);
    expect(() => booleanValue('true', 'eligible')).toThrow(/true or false/);
    expect(numberValue(5, 'pau')).toBe(5);
  });

  it('joins clauses with and, refusing more than 15 comparisons', () => {
    expect(allOf([])).toBeUndefined();
    expect(
      allOf([
        { text: "a eq 'x'", comparisons: 1 },
        { text: 'b ge 1 and b lt 2', comparisons: 2 },
      ]),
    ).toBe("(a eq 'x') and (b ge 1 and b lt 2)");
    const sixteen = Array.from({ length: 16 }, (_, i) => ({ text: `f${i} eq 1`, comparisons: 1 }));
    expect(() => allOf(sixteen)).toThrow(/16 comparisons.*at most 15/);
    expect(() => allOf(sixteen.slice(1))).not.toThrow();
  });
});

describe('retries', () => {
  it('retries 500, 503, timeouts and refused connections, never a 4xx answer', () => {
    expect(isTransient({ statusCode: 503 })).toBe(true);
    expect(isTransient({ statusCode: 500 })).toBe(true);
    expect(isTransient({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isTransient({ name: 'TimeoutError' })).toBe(true);
    expect(isTransient({ message: 'x', cause: { code: 'ECONNRESET' } })).toBe(true);
    for (const statusCode of [400, 404, 409, 412]) expect(isTransient({ statusCode, code: 'ECONNRESET' })).toBe(false);
  });

  it('backs off exponentially with a cap', () => {
    const policy = { attempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, policy, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(3, policy, () => 0)).toBe(200);
  });

  it('gives up after the last attempt with what failed, and does not retry what is not transient', async () => {
    let calls = 0;
    const slept: number[] = [];
    const sleep = async (ms: number) => void slept.push(ms);
    const failing = () => {
      calls++;
      return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    };
    await expect(withRetry('reading', failing, { attempts: 4, baseDelayMs: 10, maxDelayMs: 20 }, sleep)).rejects.toThrow(StorageUnavailable);
    expect(calls).toBe(4);
    expect(slept).toHaveLength(3);
    expect(Math.max(...slept)).toBeLessThanOrEqual(20);

    calls = 0;
    await expect(withRetry('writing', () => (calls++, Promise.reject(Object.assign(new Error('conflict'), { statusCode: 409 }))), undefined, sleep)).rejects.toThrow('conflict');
    expect(calls).toBe(1);

    let tries = 0;
    const flaky = () => (++tries < 3 ? Promise.reject({ statusCode: 503 }) : Promise.resolve('ok'));
    await expect(withRetry('flaky', flaky, undefined, sleep)).resolves.toBe('ok');
  });
});

describe('CSV columns and values', () => {
  it('matches headers whatever their case, spacing or punctuation', () => {
    expect(['Tenant ID', 'tenantId', 'CUSTOMER_TENANT_ID', 'Customer tenant'].map(fieldOfHeader)).toEqual(['tenantId', 'tenantId', 'tenantId', 'tenantId']);
    expect(['PAU', 'Paid Available Units', 'MAU', 'Monthly active users', 'Usage Month', 'Product'].map(fieldOfHeader)).toEqual([
      'paidAvailableUnits',
      'paidAvailableUnits',
      'monthlyActiveUsers',
      'monthlyActiveUsers',
      'month',
      'workload',
    ]);
    expect(fieldOfHeader('Region')).toBeNull();
    const columns = new ColumnIndex(['Region', 'Tenant ID', 'Workload', 'PAU', 'MAU', 'Month']);
    columns.fields();
    expect(columns.ignored()).toEqual(['Region']);
    expect(() => new ColumnIndex(['Tenant ID', 'Workload']).fields()).toThrow(/no column for paidAvailableUnits.*monthlyActiveUsers.*month/);
    expect(() => new ColumnIndex(['Tenant ID', 'Workload', 'PAU', 'MAU', 'Month', 'PAU']).fields()).toThrow(/has the column "PAU" twice \(columns 3 and 6\)/);
    expect(() => new ColumnIndex(['Tenant ID', 'CustomerTenantId', 'Workload', 'PAU', 'MAU', 'Month']).fields()).toThrow(/has two columns for tenantId: "Tenant ID" and "CustomerTenantId"/);
  });

  it('reads counts with either locale thousands separators, never a fraction', () => {
    expect(['1200', '1,200', '1.200', '1 200', '12,345,678', '0'].map(parseCount)).toEqual([1200, 1200, 1200, 1200, 12345678, 0]);
    expect(['-5', '1.5', '12,34', '1,200.5', '', 'ten', '1,200.300'].map(parseCount)).toEqual([null, null, null, null, null, null, null]);
  });

  it('reads months as exports write them', () => {
    expect(['2026-05', '2026-05-01', '2026/5', '05/2026', '2026-05-31T00:00:00Z'].map(parseMonth)).toEqual(['2026-05', '2026-05', '2026-05', '2026-05', '2026-05']);
    expect(['2026-13', 'Mai 2026', '', '26-05'].map(parseMonth)).toEqual([null, null, null, null]);
    expect(parseMonth('May 2026')).toBe('2026-05');
  });

  it('detects the delimiter from the header, ignoring quoted ones', () => {
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('a;b;"c,d,e"')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
  });
});
