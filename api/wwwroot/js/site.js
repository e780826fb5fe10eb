// Shared helpers of CaseEngine's pages: Vietnamese dates and durations in office time, statuses and buckets in
// Vietnamese, JSON requests that keep the status code, and DOM building without innerHTML.

/** Office time zone of the shipped data set (Hà Nội, UTC+7, no daylight saving). */
export const OFFICE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const WEEKDAYS = { Sun: 'Chủ nhật', Mon: 'thứ Hai', Tue: 'thứ Ba', Wed: 'thứ Tư', Thu: 'thứ Năm', Fri: 'thứ Sáu', Sat: 'thứ Bảy' };

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: OFFICE_TIME_ZONE, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

function partsOf(instant) {
  const date = instant instanceof Date ? instant : new Date(instant);
  return Object.fromEntries(partsFormat.formatToParts(date).map(p => [p.type, p.value]));
}

/** "14:30, thứ Ba 13/09/2022" in office time. */
export function formatDateTime(instant) {
  const p = partsOf(instant);
  return `${p.hour}:${p.minute}, ${WEEKDAYS[p.weekday]} ${p.day}/${p.month}/${p.year}`;
}

/** "14:30" in office time. */
export function formatTime(instant, withSeconds = false) {
  const p = partsOf(instant);
  return withSeconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
}

/** "thứ Ba 13/09/2022" in office time. */
export function formatDate(instant) {
  const p = partsOf(instant);
  return `${WEEKDAYS[p.weekday]} ${p.day}/${p.month}/${p.year}`;
}

/** A duration as a clock, "1:05:09", always positive (the caller says whether it is left or overdue). */
export function formatClock(totalSeconds) {
  const s = Math.abs(Math.trunc(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/** A duration in words, "1 giờ 5 phút", for screen readers and small print. */
export function formatDurationWords(totalSeconds) {
  const minutes = Math.floor(Math.abs(totalSeconds) / 60);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} phút`;
  return rest === 0 ? `${hours} giờ` : `${hours} giờ ${rest} phút`;
}

/** Buckets of open dossiers, as public dashboards name them. */
export const BUCKETS = {
  NotYetDue: { label: 'Chưa đến hạn', css: 'not-yet-due' },
  NearlyLate: { label: 'Sắp đến hạn', css: 'nearly-late' },
  Late: { label: 'Quá hạn', css: 'late' },
};

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
