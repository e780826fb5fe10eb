// The lobby board: one office's open dossiers with a live countdown of their working time, and the results ready
// to collect. The server pushes the whole board (server-sent events) whenever the office's dossiers change and
// every minute; between two pushes the page counts down on its own clock, for as long as the office's working
// session lasts (the board says how long: clockRunsForSeconds), and moves rows between buckets as their time runs.
import { BUCKETS, WORDING, el, formatClock, formatDate, formatDateTime, formatDurationWords, formatTime, later, requestJson, showMessage } from './site.js';

const office = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
const rows = document.getElementById('open-rows');
const frame = document.getElementById('open-frame');
const connection = document.getElementById('connection');
const message = document.getElementById('board-message');

let board = null;
let receivedAt = 0;
let source = null;

/** Working seconds elapsed since the board was read: page-clock time, but no further than the session's end. */
function workingElapsed() {
  const elapsed = (performance.now() - receivedAt) / 1000;
  return Math.max(0, Math.min(elapsed, board.clockRunsForSeconds));
}

function secondsLeft(line) {
  return line.paused ? line.workingSecondsLeft : line.workingSecondsLeft - workingElapsed();
}

/** The line's bucket now: the board's, or the last the domain said it enters by the working time elapsed. */
function bucketOf(line) {
  const elapsed = workingElapsed();
  return line.bucketChanges.filter(change => change.afterWorkingSeconds <= elapsed).at(-1)?.bucket ?? line.bucket;
}

function countdownCell(line) {
  const left = Math.ceil(secondsLeft(line));
  const late = left <= 0 && bucketOf(line) === 'Late';
  const clock = late ? `−${formatClock(left)}` : formatClock(left);
  const words = `${late ? WORDING.durations.overdue : WORDING.durations.left} ${formatDurationWords(left)}`;
  return [el('span', { class: 'countdown', 'aria-hidden': 'true' }, clock), el('span', { class: 'countdown-words' }, words)];
}

function bucketCell(line) {
  const bucket = BUCKETS[bucketOf(line)];
  return [
    el('span', { class: `badge ${bucket.css}` }, bucket.label),
    line.paused ? el('span', { class: 'badge paused' }, 'Tạm dừng') : null,
  ];
}

function renderRows() {
  rows.replaceChildren(...board.open.map(line => el('tr', { 'data-code': line.code, class: BUCKETS[bucketOf(line)].css },
    el('td', { class: 'code' }, line.code),
    el('td', { class: 'status' }, line.statusName),
    el('td', { class: 'due' }, el('time', { datetime: line.dueAt }, formatDateTime(line.dueAt)),
      line.provisional ? el('small', { class: 'provisional' }, ` (${WORDING.provisional})`) : null),
    el('td', { class: 'left' }, countdownCell(line)),
    el('td', { class: 'bucket' }, bucketCell(line)))));
  document.getElementById('open-empty').hidden = board.open.length > 0;
  fitRows();
}

// On a wide screen (the TV) the board does not scroll: rows that do not fit are left out and counted.
function fitRows() {
  const more = document.getElementById('open-more');
  let hidden = board.moreOpen;
  if (matchMedia('(min-width: 48.0625rem)').matches) {
    for (const row of rows.children) row.hidden = false;
    const visible = [...rows.children];
    while (visible.length > 0 && frame.scrollHeight > frame.clientHeight + 1) {
      visible.pop().hidden = true;
      hidden++;
    }
  }
  more.hidden = hidden === 0;
  more.textContent = hidden === 0 ? '' : `… và ${hidden} hồ sơ khác đang giải quyết.`;
}

function renderReady() {
  const list = document.getElementById('ready-list');
  list.replaceChildren(...board.ready.map(code => el('li', { 'data-code': code }, code)));
  document.getElementById('ready-empty').hidden = board.ready.length > 0;
}

function renderCounts() {
  const counts = { Late: 0, NearlyLate: 0, NotYetDue: 0 };
  for (const line of board.open) counts[bucketOf(line)]++;
  document.getElementById('count-late').textContent = counts.Late;
  document.getElementById('count-nearly-late').textContent = counts.NearlyLate;
  // Dossiers beyond those listed are the least urgent ones.
  document.getElementById('count-not-yet-due').textContent = counts.NotYetDue + board.moreOpen;
  document.getElementById('count-ready').textContent = board.counts.ready;
}

function renderClock() {
  const now = later(board.now, performance.now() - receivedAt);
  const clock = document.getElementById('clock');
  clock.dateTime = now;
  clock.textContent = `${formatTime(now, true)}, ${formatDate(now)}`;
  const closed = workingElapsed() >= board.clockRunsForSeconds;
  document.getElementById('working-note').textContent = closed
    ? 'Ngoài giờ làm việc: thời gian giải quyết tạm dừng.'
    : 'Trong giờ làm việc.';
}

function render() {
  document.getElementById('office-name').textContent = board.officeName;
  document.title = `Bảng theo dõi hồ sơ — ${board.officeName}`;
  renderRows();
  renderReady();
  renderCounts();
  renderClock();
}

// Every second of the page's clock: countdowns, buckets and the clock move; rows are rebuilt only when a bucket changes.
function tick() {
  if (!board) return;
  let rebuild = false;
  for (const row of rows.children) {
    const line = board.open.find(l => l.code === row.dataset.code);
    if (!line) continue;
    const css = BUCKETS[bucketOf(line)].css;
    if (!row.classList.contains(css)) { rebuild = true; break; }
    row.querySelector('td.left').replaceChildren(...countdownCell(line));
  }
  if (rebuild) renderRows();
  renderCounts();
  renderClock();
}

function connected(isConnected, text) {
  connection.classList.toggle('lost', !isConnected);
  connection.textContent = text;
}

function connect() {
  source = new EventSource(`/api/public/offices/${encodeURIComponent(office)}/board/events`);
  source.addEventListener('open', () => connected(true, 'Tự động cập nhật'));
  source.addEventListener('board', event => {
    board = JSON.parse(event.data);
    receivedAt = performance.now();
    showMessage(message, 'info', '');
    connected(true, `Tự động cập nhật — lần cuối lúc ${formatTime(board.now, true)}`);
    render();
  });
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) {
      diagnose();
    } else {
      connected(false, 'Mất kết nối — đang kết nối lại…');
    }
  });
}

// The browser gives up on a stream that answered with an error: ask the board itself why, and try again later.
async function diagnose() {
  connected(false, 'Mất kết nối — đang kết nối lại…');
  let status = 0;
  try { ({ status } = await requestJson(`/api/public/offices/${encodeURIComponent(office)}/board`)); } catch { status = 0; }
  if (status === 404) {
    showMessage(message, 'error', `Không có bộ phận một cửa mã “${office}”. Vui lòng kiểm tra lại địa chỉ trang.`);
    connected(false, 'Không có dữ liệu');
    return;
  }
  if (status === 429) {
    showMessage(message, 'warning', 'Có quá nhiều màn hình đang mở bảng này. Bảng sẽ tự thử lại sau 1 phút.');
  }
  setTimeout(connect, status === 429 ? 60_000 : 5_000);
}

if (!office) {
  showMessage(message, 'error', 'Địa chỉ trang thiếu mã bộ phận một cửa, ví dụ /bang/018.');
} else {
  connect();
  setInterval(tick, 1000);
  addEventListener('resize', () => { if (board) fitRows(); });
}
