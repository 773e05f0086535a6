export const LAGOS_TIME_ZONE = 'Africa/Lagos';

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: LAGOS_TIME_ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** Formats an instant for people in Nigeria: "4 Dec 2026, 20:15 WAT". */
export function formatLagosTime(instant: Date): string {
  return `${dateTime.format(instant)} WAT`;
}
