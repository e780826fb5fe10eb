// The leaders' page: the district's fast-track report, on-time shares per office and per day as charts with their
// tables, the late and nearly late dossiers, and the tables as CSV or Excel.
import { Roles, bindSignIn, decodeToken, openSignedFile, saveToken, savedToken, showSignedIn, showSignedOut, staffApi } from './auth.js';
import { BUCKETS, el, formatDateTime, nowIn, showMessage } from './site.js';

const $ = (selector) => document.querySelector(selector);
const Ok = '#1e6b35';
const Late = '#b3261e';
let user = null;
let offices = new Map();
const charts = {};

const percent = (value) => (value === null || value === undefined ? '—' : `${value.toLocaleString('vi-VN')} %`);

const { apiOk } = staffApi(signOut);

function signOut(message) {
  user = null;
  showMessage($('#coverage-warning'), 'warning', '');
  showSignedOut('Dành cho lãnh đạo', message);
}

// Today and the first of the month, in the time of the user's office (its time zone as the API names it).
function defaultPeriod() {
  const today = nowIn(offices.get(user.office)?.timeZone ?? [...offices.values()][0].timeZone).slice(0, 10);
  return { from: `${today.slice(0, 8)}01`, to: today };
}

async function signIn(token) {
  user = decodeToken(token);
  if (!['Leader', 'Administrator'].includes(user.role)) throw new Error('Trang này dành cho lãnh đạo và quản trị viên.');
  saveToken(token);
  offices = new Map((await apiOk('/api/offices')).map((o) => [o.code, o]));
  showMessage($('#coverage-warning'), 'warning', (await apiOk('/api/calendar/coverage')).warning ?? '');
  showSignedIn(`${user.name} — ${Roles[user.role] ?? user.role}, ${user.districtWide ? 'toàn huyện' : offices.get(user.office)?.name ?? user.office}`);
  const period = defaultPeriod();
  $('#from').value ||= period.from;
  $('#to').value ||= period.to;
  await show();
}

function query() {
  return `from=${encodeURIComponent($('#from').value)}&to=${encodeURIComponent($('#to').value)}`;
}

// Each period asked for is numbered: an answer to an earlier one that arrives later is dropped.
let asked = 0;

async function show() {
  const turn = ++asked;
  try {
    const [report, byOffice, byDay] = await Promise.all([
      apiOk(`/api/statistics/fast-track-report?${query()}`),
      apiOk(`/api/statistics?${query()}&groupBy=office`),
      apiOk(`/api/statistics?${query()}&groupBy=day`),
    ]);
    if (turn !== asked) return;
    showMessage($('#period-message'), 'info', `Số liệu đến ${formatDateTime(byOffice.at)}.`);
    showReport(report);
    showOffices(byOffice);
    showDays(byDay);
    await showLate(byOffice.offices);
  } catch (error) {
    if (turn === asked) showMessage($('#period-message'), 'error', error.message);
  }
}

function showReport(report) {
  $('#report-title').textContent = report.title;
  $('#report-summary').textContent = report.summary;
  const facts = [
    ['Cấp huyện', `${report.district.withinTime} / ${report.district.resolved} hồ sơ trong ${report.workingTime}`],
    ['Cấp xã, thị trấn', `${report.communes.withinTime} / ${report.communes.resolved} hồ sơ`],
    ['Quá hạn', `${report.total.late} hồ sơ`],
  ];
  $('#report-facts').replaceChildren(...facts.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
}

function showOffices(statistics) {
  const rows = statistics.rows;
  $('#offices-table tbody').replaceChildren(...[...rows, statistics.total].map((row) => el('tr', {},
    el(row === statistics.total ? 'th' : 'td', row === statistics.total ? { scope: 'row' } : {}, row === statistics.total ? 'Tổng cộng' : row.name),
    ...[row.received, row.resolved, row.early, row.onTime, row.late].map((n) => el('td', { class: 'number' }, n)),
    el('td', { class: 'number' }, percent(row.onTimePercent)),
    el('td', { class: 'number' }, `${row.openNotYetDue + row.openNearlyLate + row.openLate} (${row.openNearlyLate} / ${row.openLate})`),
    el('td', { class: 'number' }, row.rated ? `${percent(row.satisfiedPercent)} của ${row.rated}` : '—'))));
  draw('offices', 'bar', rows.map((r) => r.name.replace(/^UBND /, '')), [
    { label: 'Trước và đúng hạn', data: rows.map((r) => r.early + r.onTime), backgroundColor: Ok },
    { label: 'Quá hạn', data: rows.map((r) => r.late), backgroundColor: Late },
  ], { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } });
}

function showDays(statistics) {
  const rows = statistics.rows;
  draw('days', 'line', rows.map((r) => r.name), [
    { label: 'Tỷ lệ đúng hạn (%)', data: rows.map((r) => r.onTimePercent), borderColor: Ok, backgroundColor: Ok, spanGaps: true },
  ], { scales: { y: { min: 0, max: 100 } } });
}

function draw(name, type, labels, datasets, options) {
  if (typeof Chart === 'undefined') return; // the table beside it carries the same numbers
  charts[name]?.destroy();
  charts[name] = new Chart($(`#${name}-chart`), {
    type, data: { labels, datasets },
    options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'bottom' } }, ...options },
  });
}

async function showLate(codes) {
  const lists = await Promise.all(codes.flatMap((office) => ['Late', 'NearlyLate'].map((bucket) =>
    apiOk(`/api/offices/${encodeURIComponent(office)}/dossiers?bucket=${bucket}&limit=50`).then((entries) => entries.map((e) => ({ ...e, office }))))));
  const entries = lists.flat().sort((a, b) => (a.workingMinutesLeft ?? 0) - (b.workingMinutesLeft ?? 0));
  $('#late-table tbody').replaceChildren(...(entries.length ? entries.map((entry) => {
    const bucket = BUCKETS[entry.bucket];
    return el('tr', {},
      el('td', { class: 'code' }, entry.code),
      el('td', {}, offices.get(entry.office)?.name ?? entry.office),
      el('td', {}, el('span', { class: `badge ${bucket.css}` }, entry.bucketName)),
      el('td', {}, entry.dueAt ? formatDateTime(entry.dueAt) : '—'),
      el('td', {}, entry.holder ?? '—'));
  }) : [el('tr', {}, el('td', { colspan: 5 }, 'Không có hồ sơ quá hạn hay sắp đến hạn.'))]));
}

async function download(format) {
  try {
    await openSignedFile(`/api/statistics?${query()}&groupBy=office&format=${format}`, `thong-ke-${$('#from').value}-${$('#to').value}.${format}`);
  } catch (error) {
    showMessage($('#period-message'), 'error', error.message);
  }
}

bindSignIn(signIn, signOut);
$('#period').addEventListener('submit', (event) => {
  event.preventDefault();
  show();
});
$('#export-csv').addEventListener('click', () => download('csv'));
$('#export-xlsx').addEventListener('click', () => download('xlsx'));
const saved = savedToken();
if (saved) signIn(saved).catch((error) => signOut(error.message));
