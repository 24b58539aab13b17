/**
 * NCRONTAB schedules as Azure Functions timers read them: six fields, `second minute hour
 * day month day-of-week`, each `*`, a number, a list `1,15`, a range `1-5` or a step `*\/10`
 * (`0 0 2 * * *` is 02:00:00 every day). Times are UTC.
 */

interface Field {
  min: number;
  max: number;
}

const FIELDS: Field[] = [
  { min: 0, max: 59 }, // second
  { min: 0, max: 59 }, // minute
  { min: 0, max: 23 }, // hour
  { min: 1, max: 31 }, // day of month
  { min: 1, max: 12 }, // month
  { min: 0, max: 6 }, // day of week (0 = Sunday)
];

function parseField(text: string, field: Field, name: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new Error(`${name} "${part}" is not *, a number, a range or a step`);
    const from = m[1] === '*' ? field.min : Number(m[2]);
    const to = m[1] === '*' ? field.max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? field.max : from;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (from < field.min || to > field.max || from > to || step < 1) throw new Error(`${name} "${part}" is outside ${field.min}-${field.max}`);
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

export interface Schedule {
  next(after: Date): Date;
}

const NAMES = ['second', 'minute', 'hour', 'day', 'month', 'day of week'];

/** A schedule from its NCRONTAB expression; throws naming the bad field. */
export function parseNcrontab(expression: string): Schedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 6) throw new Error(`"${expression}" needs six fields (second minute hour day month day-of-week), has ${parts.length}`);
  const [seconds, minutes, hours, days, months, weekdays] = parts.map((p, i) => parseField(p, FIELDS[i]!, NAMES[i]!)) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  const firstSecond = Math.min(...seconds);
  return {
    next(after: Date): Date {
      // Minute by minute for up to a year and a day, then the first matching second in it.
      const t = new Date(after.getTime());
      t.setUTCMilliseconds(0);
      for (let i = 0; i < 366 * 24 * 60 + 1; i++) {
        if (months.has(t.getUTCMonth() + 1) && days.has(t.getUTCDate()) && weekdays.has(t.getUTCDay()) && hours.has(t.getUTCHours()) && minutes.has(t.getUTCMinutes())) {
          const second = i === 0 ? [...seconds].sort((a, b) => a - b).find((s) => s > after.getUTCSeconds()) : firstSecond;
          if (second !== undefined) {
            const at = new Date(t.getTime());
            at.setUTCSeconds(second);
            return at;
          }
        }
        t.setUTCSeconds(0);
        t.setUTCMinutes(t.getUTCMinutes() + 1);
      }
      throw new Error(`"${expression}" never comes`);
    },
  };
}
