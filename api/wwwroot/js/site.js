// Shared helpers of CaseEngine's pages: dates and times in office time as the API writes them, the Vietnamese words
// the API sends (weekdays, statuses, buckets), durations, JSON requests that keep the status code, and DOM building
// without innerHTML.

/**
 * The domain's Vietnamese words (GET /api/public/wording): weekdays by number (0 = Sunday), statuses, buckets and
 * outcomes by name. Every page waits for them before it starts; while the engine cannot be reached it asks again.
 */
export const WORDING = await (async function loadWording() {
  for (;;) {
    try {
      const response = await fetch('/api/public/wording', { headers: { Accept: 'application/json' } });
      if (response.ok) return await response.json();
    } catch { /* not reachable yet */ }
    await new Promise(resolve => setTimeout(resolve, 5000));
  }
})();

// An instant as the API writes it: ISO 8601 with the office's offset (or Z).
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function match(instant) {
  const m = ISO.exec(instant);
  if (!m) throw new TypeError(`Not an ISO 8601 instant with an offset: ${instant}`);
  return m;
}

// The office's wall clock of an instant, read as the API wrote it: the page's own time zone plays no part.
function partsOf(instant) {
  const [, year, month, day, hour, minute, second = '00'] = match(instant);
  const weekday = WORDING.weekdays[new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))).getUTCDay()];
  return { year, month, day, hour, minute, second, weekday };
}

const two = (n) => String(n).padStart(2, '0');

/** The instant `milliseconds` after `instant`, written with the same offset, as the API would write it. */
export function later(instant, milliseconds) {
  const zone = match(instant)[7];
  const wall = new Date(Date.parse(instant) + milliseconds + offsetMinutes(zone) * 60_000);
  return `${wall.getUTCFullYear()}-${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())}`
    + `T${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}:${two(wall.getUTCSeconds())}${zone}`;
}

// The wall clock of `date` in `timeZone`, with the zone's offset there then written as the API writes it (Z, +07:00).
function wallIn(timeZone, date) {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    hourCycle: 'h23', timeZoneName: 'longOffset',
  });
  const p = Object.fromEntries(format.formatToParts(date).map(part => [part.type, part.value]));
  return { ...p, zone: p.timeZoneName === 'GMT' ? 'Z' : p.timeZoneName.slice(3) };
}

const offsetMinutes = (zone) => (zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))));

/** The page's clock now in `timeZone` (an office's, as the API names it), written as the API writes instants. */
export function nowIn(timeZone) {
  const p = wallIn(timeZone, new Date());
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${p.zone}`;
}

/**
 * The instant of a date and time on the clocks of `timeZone` (a datetime-local input's "2027-01-01T08:00"), written
 * with that zone's offset then, as the API reads instants.
 */
export function instantIn(timeZone, local) {
  const wall = local.length === 16 ? `${local}:00` : local;
  const asUtc = Date.parse(`${wall}Z`);
  // The zone's offset at the wall time read as UTC, then at the instant that gives: right except within an hour of a change.
  const guess = wallIn(timeZone, new Date(asUtc)).zone;
  const zone = wallIn(timeZone, new Date(asUtc - offsetMinutes(guess) * 60_000)).zone;
  return `${wall}${zone}`;
}

/** "14:30, thứ Ba 13/09/2022" in office time. */
export function formatDateTime(instant) {
  const p = partsOf(instant);
  return `${p.hour}:${p.minute}, ${p.weekday} ${p.day}/${p.month}/${p.year}`;
}

/** "14:30" in office time. */
export function formatTime(instant, withSeconds = false) {
  const p = partsOf(instant);
  return withSeconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
}

/** "thứ Ba 13/09/2022" in office time. */
export function formatDate(instant) {
  const p = partsOf(instant);
  return `${p.weekday} ${p.day}/${p.month}/${p.year}`;
}

/** A duration as a clock, "1:05:09", always positive (the caller says whether it is left or overdue). */
export function formatClock(totalSeconds) {
  const s = Math.abs(Math.trunc(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/** A duration in the domain's words, "1 giờ 5 phút", for screen readers and small print. */
export function formatDurationWords(totalSeconds) {
  const { hour, minute } = WORDING.durations;
  const minutes = Math.floor(Math.abs(totalSeconds) / 60);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} ${minute}`;
  return rest === 0 ? `${hours} ${hour}` : `${hours} ${hour} ${rest} ${minute}`;
}

/** Buckets of open dossiers: their names from the domain, their colours from the stylesheet. */
export const BUCKETS = Object.fromEntries(Object.entries({ NotYetDue: 'not-yet-due', NearlyLate: 'nearly-late', Late: 'late' })
  .map(([bucket, css]) => [bucket, { label: WORDING.buckets[bucket], css }]));

/** Satisfaction choices of the citizen's rating. */
export const SATISFACTION = {
  Satisfied: 'Hài lòng',
  Neutral: 'Bình thường',
  Dissatisfied: 'Không hài lòng',
};

/**
 * Fetches JSON. Resolves to { status, body, headers } whatever the status (body is null when the answer has none
 * or is not JSON); rejects only when the server cannot be reached.
 */
export async function requestJson(url, options = {}) {
  const headers = { Accept: 'application/json, application/problem+json', ...(options.headers ?? {}) };
  const init = { ...options, headers };
  if (options.json !== undefined) {
    init.method = options.method ?? 'POST';
    init.body = JSON.stringify(options.json);
    headers['Content-Type'] = 'application/json';
    delete init.json;
  }
  const response = await fetch(url, init);
  let body = null;
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try { body = await response.json(); } catch { body = null; }
  }
  return { status: response.status, body, headers: response.headers };
}

/** Builds an element: el('p', { class: 'x', 'data-code': c }, 'text', child). Text is never parsed as HTML. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Shows a message in a live region: kind is error, warning, success or info; empty text hides it. */
export function showMessage(region, kind, text) {
  region.className = `message ${kind}`;
  region.textContent = text ?? '';
}

/** Removes the field errors shown in `root` by showFieldErrors. */
export function clearFieldErrors(root) {
  root.querySelectorAll('.field-error').forEach((e) => e.remove());
  root.querySelectorAll('[aria-invalid]').forEach((e) => { e.removeAttribute('aria-invalid'); e.removeAttribute('aria-describedby'); });
}

/**
 * Shows a validation problem's errors beside their fields: each element of `root` carries in data-key the key the
 * server names its errors by (applicant.phone, daysOff[2].to, reason). Inputs are marked invalid; a list is only
 * followed by its message.
 */
export function showFieldErrors(root, errors) {
  for (const [key, messages] of Object.entries(errors ?? {})) {
    const input = root.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (!input) continue;
    if (input.matches('input, select, textarea')) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${input.id}-error`);
    }
    input.after(el('p', { class: 'field-error', id: `${input.id}-error` }, messages.join(' ')));
  }
}
