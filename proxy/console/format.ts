/** How the console shows instants: in the agency's time zone, with the zone's abbreviation. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** "Dec 1, 2026, 2:05 PM CST" for an ISO instant; the text itself when it is not one. */
export function when(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : formatter(timeZone).format(new Date(t));
}

/** The zone as a column heading says it: "America/Chicago". */
export function zoneLabel(timeZone: string): string {
  return timeZone;
}
