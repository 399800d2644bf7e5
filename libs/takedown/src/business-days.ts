import Holidays from 'date-holidays';

/**
 * Counter-notice windows are counted in business days of the marketplace's jurisdiction
 * (issue 16, outcome 5): not weekends, not public holidays (`date-holidays`), in the
 * jurisdiction's own time zone. A window of N business days opened at some moment closes at the
 * end of the N-th business day after the day it opened, local time.
 */

/** Weekend days (0 = Sunday … 6 = Saturday) where they are not Saturday and Sunday. */
const WEEKENDS: Record<string, readonly number[]> = {
  SA: [5, 6], IL: [5, 6], EG: [5, 6], KW: [5, 6], QA: [5, 6], BH: [5, 6], OM: [5, 6], JO: [5, 6], DZ: [5, 6], IR: [5], AF: [4, 5],
};

export interface Jurisdiction {
  /** ISO 3166-1 alpha-2, optionally with a region as date-holidays names it (`US`, `DE`, `CN`, `AU-NSW`). */
  country: string;
}

interface Calendar {
  timeZone: string;
  weekend: readonly number[];
  holidays: Holidays;
  /** Public holidays per year, as local `YYYY-MM-DD` dates. */
  years: Map<number, Set<string>>;
}

const calendars = new Map<string, Calendar>();

function calendarOf(jurisdiction: Jurisdiction): Calendar {
  const code = jurisdiction.country.toUpperCase();
  let calendar = calendars.get(code);
  if (!calendar) {
    const [country, region] = code.split('-');
    const holidays = new Holidays();
    if (!holidays.getCountries()[country] || (region && !holidays.getStates(country)?.[region])) throw new RangeError(`No holiday calendar for ${jurisdiction.country}`);
    holidays.init(country, region);
    calendar = { timeZone: holidays.getTimezones()[0] ?? 'UTC', weekend: WEEKENDS[country] ?? [0, 6], holidays, years: new Map() };
    calendars.set(code, calendar);
  }
  return calendar;
}

/** The local calendar date of a moment in a time zone, as `YYYY-MM-DD`. */
export function localDate(moment: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(moment);
}

/** Whether a local date (`YYYY-MM-DD`) is a business day there. */
export function isBusinessDay(date: string, jurisdiction: Jurisdiction): boolean {
  const calendar = calendarOf(jurisdiction);
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  if (calendar.weekend.includes(weekday)) return false;
  return !publicHolidayOn(date, calendar);
}

function publicHolidayOn(date: string, calendar: Calendar): boolean {
  const year = Number(date.slice(0, 4));
  let days = calendar.years.get(year);
  if (!days) {
    days = new Set(calendar.holidays.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    calendar.years.set(year, days);
  }
  return days.has(date);
}

/** The moment a window of `days` business days opened at `openedAt` closes (the end of its last day, local time). */
export function businessDeadline(openedAt: Date, days: number, jurisdiction: Jurisdiction): Date {
  if (!Number.isInteger(days) || days < 1 || days > 365) throw new RangeError('A window is 1 to 365 business days');
  const { timeZone } = calendarOf(jurisdiction);
  let date = localDate(openedAt, timeZone);
  for (let counted = 0; counted < days; ) {
    date = nextDay(date);
    if (isBusinessDay(date, jurisdiction)) counted += 1;
  }
  return startOfLocalDay(nextDay(date), timeZone);
}

/** Business days from `from` up to `to` (whole local days strictly after `from`'s day, up to and including `to`'s). */
export function businessDaysBetween(from: Date, to: Date, jurisdiction: Jurisdiction): number {
  const { timeZone } = calendarOf(jurisdiction);
  const last = localDate(to, timeZone);
  let count = 0;
  for (let date = nextDay(localDate(from, timeZone)); date <= last; date = nextDay(date)) if (isBusinessDay(date, jurisdiction)) count += 1;
  return count;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Local midnight of a date in a time zone, as a moment (two guesses settle any offset, DST included). */
function startOfLocalDay(date: string, timeZone: string): Date {
  let guess = new Date(`${date}T00:00:00Z`);
  for (let i = 0; i < 2; i++) {
    const offset = offsetMs(guess, timeZone);
    guess = new Date(new Date(`${date}T00:00:00Z`).getTime() - offset);
  }
  return guess;
}

function offsetMs(moment: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(moment)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(moment.getTime() / 1000) * 1000;
}
