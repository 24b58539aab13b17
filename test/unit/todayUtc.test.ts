/**
 * todayUtc (functions/http/defaults.ts) writes the date out once a day rather than per request:
 * it must still turn over at midnight UTC, whatever the machine's time zone, and follow a clock
 * set back.
 */
import { todayUtc } from '../../functions/http/defaults';

describe('today in UTC', () => {
  afterEach(() => jest.useRealTimers());

  it('is the UTC date, and turns over at midnight UTC, not before', () => {
    jest.useFakeTimers({ now: new Date('2026-11-30T23:59:59.999Z') });
    expect(todayUtc()).toBe('2026-11-30');
    jest.setSystemTime(new Date('2026-12-01T00:00:00.000Z'));
    expect(todayUtc()).toBe('2026-12-01');
    jest.setSystemTime(new Date('2026-12-01T23:59:59.999Z'));
    expect(todayUtc()).toBe('2026-12-01');
    jest.setSystemTime(new Date('2027-01-01T00:00:00.001Z'));
    expect(todayUtc()).toBe('2027-01-01');
  });

  it('follows a clock set back, and the days before 1970', () => {
    jest.useFakeTimers({ now: new Date('2026-12-01T12:00:00Z') });
    expect(todayUtc()).toBe('2026-12-01');
    jest.setSystemTime(new Date('2026-11-30T23:00:00Z'));
    expect(todayUtc()).toBe('2026-11-30');
    jest.setSystemTime(new Date('1969-12-31T23:30:00Z'));
    expect(todayUtc()).toBe('1969-12-31');
  });

  it('is the real date without fake timers', () => {
    expect(todayUtc()).toBe(new Date().toISOString().slice(0, 10));
  });
});
