/**
 * Calendar dates. Every date in the engine is an ISO calendar date string (`2025-03-31`) or
 * month (`2025-03`); ISO strings of the same shape compare correctly as strings, which keeps
 * the hot paths free of Date objects. Arithmetic goes through date-fns on local-calendar
 * dates built from the parts, so the machine's time zone can never shift a day.
 */
import { addDays, addMonths, differenceInCalendarDays, differenceInCalendarMonths, format } from 'date-fns';

export type IsoDate = string;
export type IsoMonth = string;

const MONTH_RE = /^(\d{4})-(\d{2})$/;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digitsAt(value: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Why a string is not a real ISO calendar date, or null when it is one. */
export function isoDateProblem(value: string): string | null {
  // Read by character codes, not a regular expression: every date of every batch item passes here.
  const year = value.length === 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45 ? digitsAt(value, 0, 4) : -1;
  const month = year < 0 ? -1 : digitsAt(value, 5, 2);
  const day = month < 0 ? -1 : digitsAt(value, 8, 2);
  if (day < 0) return `must be an ISO date like 2025-03-31, got "${value}"`;
  if (year < 1900 || year > 2999) return `has an implausible year ${year} in "${value}"`;
  if (month < 1 || month > 12) return `is not a real date: month ${month} in "${value}"`;
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) return `is not a real date: ${value} (that month has ${last} days)`;
  return null;
}

/** Why a string is not an ISO month (`2025-03`), or null when it is one. */
export function isoMonthProblem(value: string): string | null {
  const m = MONTH_RE.exec(value);
  if (!m) return `must be an ISO month like 2025-03, got "${value}"`;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 1900 || year > 2999) return `has an implausible year ${year} in "${value}"`;
  if (month < 1 || month > 12) return `is not a real month: "${value}"`;
  return null;
}

/** What a strict reading of text gives: the value, or why the text is not one (a phrase that follows the field's name). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})(?:T(.*))?$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE_TIME_EXAMPLE = 'an ISO date or date-time like 2025-03-31 or 2025-03-31T02:00:00Z';

/** A time of day with its offset, checked field by field: milliseconds after midnight UTC, or why not. */
function timeOfDay(text: string, date: string): Parsed<number> {
  const m = TIME_RE.exec(text);
  if (!m) return { ok: false, problem: `has no readable time in "${date}T${text}" (a time is like 02:00:00Z, or 02:00:00+01:00)` };
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = m[3] === undefined ? 0 : Number(m[3]);
  if (hour > 23) return { ok: false, problem: `is not a real time: hour ${hour} in "${date}T${text}" (hours run 00 to 23)` };
  if (minute > 59) return { ok: false, problem: `is not a real time: minute ${minute} in "${date}T${text}" (minutes run 00 to 59)` };
  if (second > 59) return { ok: false, problem: `is not a real time: second ${second} in "${date}T${text}" (seconds run 00 to 59)` };
  const millis = m[4] === undefined ? 0 : Math.floor(Number(`0.${m[4]}`) * 1000);
  let offset = 0;
  const zone = m[5];
  if (zone !== undefined && zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(-2));
    if (oh > 14 || om > 59) return { ok: false, problem: `has an offset ${zone} that is no time zone's (offsets run from -14:00 to +14:00) in "${date}T${text}"` };
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return { ok: true, value: ((hour * 60 + minute) * 60 + second) * 1000 + millis - offset };
}

/**
 * An ISO date or date-time read strictly, as milliseconds since the epoch: every field checked
 * against the calendar and the clock (Date.parse would read 2025-02-30 as 2 March). A date alone
 * is midnight UTC; a date-time without an offset is UTC too, never the machine's zone.
 * @example parseDateTime('2026-11-22T02:00:00+01:00') // => { ok: true, value: Date.UTC(2026, 10, 22, 1) }
 * @example parseDateTime('2025-02-30') // => { ok: false, problem: 'is not a real date: 2025-02-30 (that month has 28 days)' }
 */
export function parseDateTime(text: string): Parsed<number> {
  const m = DATE_TIME_RE.exec(text);
  if (!m) return { ok: false, problem: `must be ${DATE_TIME_EXAMPLE}, got "${text}"` };
  const date = m[1]!;
  const problem = isoDateProblem(date);
  if (problem !== null) return { ok: false, problem };
  const midnight = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  if (m[2] === undefined) return { ok: true, value: midnight };
  const time = timeOfDay(m[2], date);
  return time.ok ? { ok: true, value: midnight + time.value } : time;
}

const MONTH_TEXT_EXAMPLE = 'a month like 2026-05 (or 2026-05-01, 05/2026, 01.05.2026, May 2026)';

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** The number of an English month name ("Nov", "November", "Sept"), or 0. */
function monthNumber(name: string): number {
  const n = name.toLowerCase();
  const full = FULL_MONTH_NAMES.indexOf(n);
  if (full >= 0) return full + 1;
  if (n === 'sept') return 9;
  return MONTH_NAMES.indexOf(n) + 1;
}

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** A clock time after a day-first or month-first date, as Excel and Partner Center write it ("12:00:00 AM"). */
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?$/;

function clockProblem(clock: string | undefined, text: string): string | null {
  if (clock === undefined) return null;
  const m = CLOCK.exec(clock.trim());
  if (!m) return `has no readable time in "${text}" (a time is like 00:00:00 or 12:00:00 AM)`;
  const hour = Number(m[1]);
  if (m[4] !== undefined ? hour < 1 || hour > 12 : hour > 23) return `is not a real time: hour ${hour} in "${text}"`;
  if (Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) return `is not a real time in "${text}"`;
  return null;
}

/**
 * The month of a date written day and month first with slashes (Partner Center writes
 * 11/1/2026, European Excel 1/11/2026). A month column holds the first of its month, so when
 * one part is 1 and the other is not, the other is the month; a part above 12 is the day; two
 * equal parts are the month. Anything else is ambiguous and refused, saying both readings.
 */
function slashedMonth(first: string, second: string, year: string, text: string): Parsed<IsoMonth> {
  const a = Number(first);
  const b = Number(second);
  let month: number;
  if (a === b || b > 12) month = a;
  else if (a > 12) month = b;
  else if (b === 1) month = a;
  else if (a === 1) month = b;
  else
    return {
      ok: false,
      problem: `is ambiguous: "${text}" is ${capitalized(FULL_MONTH_NAMES[a - 1]!)} ${b} read month first, or ${a} ${capitalized(FULL_MONTH_NAMES[b - 1]!)} read day first; write the month as ${year}-${String(a).padStart(2, '0')} or ${year}-${String(b).padStart(2, '0')}`,
    };
  const day = month === a ? b : a;
  const parsed = monthOfParts(year, String(month), text);
  if (!parsed.ok) return parsed;
  const problem = isoDateProblem(`${parsed.value}-${String(day).padStart(2, '0')}`);
  return problem === null ? parsed : { ok: false, problem: `is not a real date: "${text}"` };
}

/** A year and month from text, or why they are not a real month. */
function monthOfParts(year: string, month: string, text: string): Parsed<IsoMonth> {
  const iso = `${year}-${month.padStart(2, '0')}`;
  const n = Number(month);
  if (n < 1 || n > 12) return { ok: false, problem: `is not a real month: month ${n} in "${text}"` };
  const problem = isoMonthProblem(iso);
  return problem === null ? { ok: true, value: iso } : { ok: false, problem };
}

/**
 * A month as exports write it, read strictly: 2026-05, 2026/5, 05/2026, 5.2026, May 2026,
 * May-2026, a date of the month (2026-05-31, with a time after it or not), a day-first date
 * (31.05.2026) or a slashed date in either order (5/1/2026, 1/5/2026: see slashedMonth),
 * whose day and time must be real too.
 * @example parseMonthText('2026-05-31T00:00:00Z') // => { ok: true, value: '2026-05' }
 * @example parseMonthText('2026-05-99') // => { ok: false, problem: 'is not a real date: 2026-05-99 (that month has 31 days)' }
 */
export function parseMonthText(raw: string): Parsed<IsoMonth> {
  const text = raw.trim();
  let m = /^(\d{4})[-/](\d{1,2})$/.exec(text);
  if (m) return monthOfParts(m[1]!, m[2]!, text);
  m = /^(\d{1,2})[-/.](\d{4})$/.exec(text);
  if (m) return monthOfParts(m[2]!, m[1]!, text);
  // Day first with dots (01.11.2026, European Excel).
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(.+))?$/.exec(text);
  if (m) {
    const clock = clockProblem(m[4], text);
    if (clock !== null) return { ok: false, problem: clock };
    const month = monthOfParts(m[3]!, m[2]!, text);
    if (!month.ok) return month;
    const problem = isoDateProblem(`${month.value}-${m[1]!.padStart(2, '0')}`);
    return problem === null ? month : { ok: false, problem: `is not a real date: "${text}"` };
  }
  // Month and day with slashes, in either order (11/1/2026, 1/11/2026 12:00:00 AM).
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(.+))?$/.exec(text);
  if (m) {
    const clock = clockProblem(m[4], text);
    return clock === null ? slashedMonth(m[1]!, m[2]!, m[3]!, text) : { ok: false, problem: clock };
  }
  // A month by name (Nov 2026, November 2026, Nov-2026).
  m = /^([A-Za-z]{3,9})\.?[\s-]+(\d{4})$/.exec(text);
  if (m) {
    const n = monthNumber(m[1]!);
    return n === 0 ? { ok: false, problem: `is not a month name: "${m[1]}" in "${text}"` } : monthOfParts(m[2]!, String(n), text);
  }
  m = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ](.*))?$/.exec(text);
  if (!m) return { ok: false, problem: `must be ${MONTH_TEXT_EXAMPLE}, got "${text}"` };
  const month = monthOfParts(m[1]!, m[3]!, text);
  if (!month.ok) return month;
  const date = `${month.value}-${m[4]!.padStart(2, '0')}`;
  const problem = isoDateProblem(date);
  if (problem !== null) return { ok: false, problem: problem.replace(date, text) };
  if (m[5] !== undefined) {
    const time = timeOfDay(m[5], date);
    if (!time.ok) return time;
  }
  return month;
}

function toDate(iso: IsoDate): Date {
  return new Date(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
}

function fromDate(date: Date): IsoDate {
  return format(date, 'yyyy-MM-dd');
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Add calendar months, clamping to the end of a shorter month exactly as date-fns `addMonths`
 * does (a unit test checks the two agree on every day of several years). Done on the string's
 * parts because it sits on the engine's hot path, where Date objects cost microseconds.
 * @example addMonthsIso('2024-02-29', 12) // => '2025-02-28' (end of month clamps)
 */
export function addMonthsIso(iso: IsoDate, months: number): IsoDate {
  const index = Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1 + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const day = Math.min(Number(iso.slice(8, 10)), daysInMonth(year, month));
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** date-fns' own addMonths on the same dates: the reference addMonthsIso is tested against. */
export function addMonthsWithDateFns(iso: IsoDate, months: number): IsoDate {
  return fromDate(addMonths(toDate(iso), months));
}

/** @example addDaysIso('2025-03-31', 1) // => '2025-04-01' */
export function addDaysIso(iso: IsoDate, days: number): IsoDate {
  return fromDate(addDays(toDate(iso), days));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(toDate(to), toDate(from));
}

/** Whole calendar months from the month of `from` to the month of `to`. */
export function monthsBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarMonths(toDate(to), toDate(from));
}

/** @example monthOf('2025-03-31') // => '2025-03' */
export function monthOf(iso: IsoDate): IsoMonth {
  return iso.slice(0, 7);
}

/** @example addMonthsToMonth('2025-12', 1) // => '2026-01' */
export function addMonthsToMonth(month: IsoMonth, n: number): IsoMonth {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  const year = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return `${year}-${m < 10 ? '0' : ''}${m}`;
}

/** Last day of a month. @example lastDayOf('2024-02') // => '2024-02-29' */
export function lastDayOf(month: IsoMonth): IsoDate {
  const d = daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
  return `${month}-${d}`;
}
