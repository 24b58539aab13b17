/**
 * The one strict reading of dates from text (query parameters, CSV months): an impossible
 * date is refused with the reason, never rolled over into the next month as Date.parse does.
 */
import { parseDateTime, parseMonthText } from '../../shared/dates';
import { parseMonth } from '../../functions/storage/csvColumns';

describe('parseDateTime (query parameters such as since and updatedSince)', () => {
  it.each([
    // A date alone is midnight UTC.
    ['2026-11-22', '2026-11-22T00:00:00.000Z'],
    ['2026-11-22T02:00:00Z', '2026-11-22T02:00:00.000Z'],
    ['2026-11-22T02:00Z', '2026-11-22T02:00:00.000Z'],
    ['2026-11-22T02:00:00.5Z', '2026-11-22T02:00:00.500Z'],
    // An offset moves the instant; no offset is UTC (never the machine's zone).
    ['2026-11-22T02:00:00+01:00', '2026-11-22T01:00:00.000Z'],
    ['2026-11-22T02:00:00-0130', '2026-11-22T03:30:00.000Z'],
    ['2026-11-22T02:00:00', '2026-11-22T02:00:00.000Z'],
    // 29 February of a leap year is real.
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    const r = parseDateTime(text);
    expect(r).toEqual({ ok: true, value: Date.parse(iso) });
  });

  it.each([
    ['2025-02-30', /not a real date: 2025-02-30 \(that month has 28 days\)/],
    ['2025-02-29', /that month has 28 days/],
    ['2025-04-31', /that month has 30 days/],
    ['2025-13-01', /month 13/],
    ['2025-00-10', /month 0/],
    ['2026-11-22T24:00:00Z', /hour 24/],
    ['2026-11-22T10:60Z', /minute 60/],
    ['2026-11-22T10:00:61Z', /second 61/],
    ['2026-11-22T10:00:00+25:00', /offset/],
    ['2026-11-22T', /no readable time.*like 02:00:00Z/],
    ['22/11/2026', /ISO date or date-time like/],
    ['', /ISO date or date-time like/],
    ['0001-01-01', /implausible year 1/],
  ])('%s is refused', (text, reason) => {
    const r = parseDateTime(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(reason);
  });
});

describe('parseMonthText (the month column of a CSV export)', () => {
  it.each([
    ['2026-05', '2026-05'],
    ['2026/5', '2026-05'],
    ['05/2026', '2026-05'],
    ['5.2026', '2026-05'],
    ['2026-05-01', '2026-05'],
    ['2026-05-31', '2026-05'],
    ['2026-05-31T00:00:00Z', '2026-05'],
    ['2026-05-01 00:00:00', '2026-05'],
    [' 2026-05 ', '2026-05'],
    // As Partner Center and European Excel write them (issue: the Insights reports as downloaded).
    ['2026-11', '2026-11'],
    ['11/2026', '2026-11'],
    ['01.11.2026', '2026-11'],
    ['01.11.2026 00:00', '2026-11'],
    ['Nov 2026', '2026-11'],
    ['November 2026', '2026-11'],
    ['nov-2026', '2026-11'],
    ['Sept 2026', '2026-09'],
    ['11/1/2026', '2026-11'], // month first, the first of the month
    ['11/1/2026 12:00:00 AM', '2026-11'],
    ['1/11/2026', '2026-11'], // day first, the first of the month
    ['30/11/2026', '2026-11'], // a part above 12 is the day
    ['11/30/2026', '2026-11'],
    ['5/5/2026', '2026-05'],
  ])('%s is %s', (text, month) => expect(parseMonthText(text)).toEqual({ ok: true, value: month }));

  it.each([
    ['2026-05-99', /not a real date: 2026-05-99 \(that month has 31 days\)/],
    ['2026-02-29', /that month has 28 days/],
    ['2026-05-00', /that month has 31 days/],
    ['2026-13', /month 13/],
    ['13/2026', /month 13/],
    ['2026-05-01T25:00', /hour 25/],
    ['2026-05-01Tnonsense', /no readable time/],
    ['Mai 2026', /not a month name: "Mai"/],
    ['3/4/2026', /is ambiguous: "3\/4\/2026" is March 4 read month first, or 3 April read day first; write the month as 2026-03 or 2026-04/],
    ['11/31/2026', /not a real date/],
    ['30.02.2026', /not a real date/],
    ['01.13.2026', /month 13/],
    ['11/1/2026 25:00', /hour 25/],
    ['26-05', /like 2026-05/],
    ['', /like 2026-05/],
  ])('%s is refused', (text, reason) => {
    const r = parseMonthText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(reason);
  });

  it('is what the CSV columns read (null for an impossible date)', () => {
    expect(parseMonth('2026-05-99')).toBeNull();
    expect(parseMonth('2026-05-31')).toBe('2026-05');
  });
});
