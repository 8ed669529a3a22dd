// Billing cycles: calendar months in the marketplace's time zone. Pure and deterministic, so the
// workflow, the activities and the API compute the same boundaries.

export interface BillingCycle {
  /** First instant of the cycle (local midnight on the 1st), epoch milliseconds. */
  startsAtMs: number;
  /** First instant of the next cycle, epoch milliseconds. */
  endsAtMs: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isTimeZone(value: string): boolean {
  try {
    formatterFor(value);
    return true;
  } catch {
    return false;
  }
}

interface LocalTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localTime(instantMs: number, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (local = utc + offset). */
function offsetMs(instantMs: number, timeZone: string): number {
  const t = localTime(instantMs, timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The instant of local midnight on the first day of a month (month may overflow, 13 → next year). */
function startOfLocalMonth(year: number, month: number, timeZone: string): number {
  return startOfLocalDay(year, month, 1, timeZone);
}

/** The instant of local midnight on a calendar day in the zone (day may overflow into the next month). */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string) {
  const wallClock = Date.UTC(year, month - 1, day);
  let guess = wallClock - offsetMs(wallClock, timeZone);
  // A second pass settles the guess when the offset changes between the two instants (DST).
  guess = wallClock - offsetMs(guess, timeZone);
  return guess;
}

export function billingCycleContaining(instantMs: number, timeZone: string): BillingCycle {
  const local = localTime(instantMs, timeZone);
  let startsAtMs = startOfLocalMonth(local.year, local.month, timeZone);
  if (startsAtMs > instantMs) {
    startsAtMs = startOfLocalMonth(local.year, local.month - 1, timeZone);
  }
  const startLocal = localTime(startsAtMs, timeZone);
  const endsAtMs = startOfLocalMonth(startLocal.year, startLocal.month + 1, timeZone);
  return { startsAtMs, endsAtMs };
}

export function nextBillingCycle(cycle: BillingCycle, timeZone: string): BillingCycle {
  return billingCycleContaining(cycle.endsAtMs, timeZone);
}

/** A calendar day in a time zone: its date (YYYY-MM-DD) and the instants it runs between. */
export interface LocalDay {
  day: string;
  startsAtMs: number;
  endsAtMs: number;
}

/** The local day `day` (YYYY-MM-DD, a real date) in the zone. */
export function localDay(day: string, timeZone: string): LocalDay {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return {
    day,
    startsAtMs: startOfLocalDay(year, month, date, timeZone),
    endsAtMs: startOfLocalDay(year, month, date + 1, timeZone),
  };
}

/** The local day before the one `instantMs` falls on: what a daily report covers. */
export function localDayBefore(instantMs: number, timeZone: string): LocalDay {
  const today = localTime(instantMs, timeZone);
  const previous = new Date(Date.UTC(today.year, today.month - 1, today.day - 1));
  return localDay(previous.toISOString().slice(0, 10), timeZone);
}
