// The district administrators' page: a year of the holiday calendar as rows to edit, a preview of the open dossiers
// whose due time it moves, saving it as a new version of the reference data, and the versions' audit trail. The page
// decides nothing: the coverage warning, the year to open, every check and every message are the API's.
import { Roles, bindSignIn, decodeToken, describe, saveToken, savedToken, showSignedIn, showSignedOut, staffApi } from './auth.js';
import { WORDING, clearFieldErrors, el, formatDateTime, showFieldErrors, showMessage } from './site.js';

const $ = (selector) => document.querySelector(selector);
let offices = new Map();
let loaded = null; // the year as read: { year, version }
let yearAsked = 0; // the latest year asked for: an answer to an earlier one is dropped
let previewed = null; // the preview's base version while the rows are as previewed
let rowNumber = 0;
const { api, apiOk } = staffApi(signOut);

function signOut(message) {
  loaded = null;
  showMessage($('#coverage-warning'), 'warning', '');
  showSignedOut('Dành cho quản trị viên cấp huyện', message);
}

function showCoverage(coverage) {
  showMessage($('#coverage-warning'), 'warning', coverage.warning ?? '');
}

async function signIn(token) {
  const user = decodeToken(token);
  saveToken(token);
  const coverage = await apiOk('/api/calendar/coverage');
  showCoverage(coverage);
  offices = new Map((await apiOk('/api/offices')).map((o) => [o.code, o]));
  $('#year').value = coverage.suggestedYear;
  // A user the calendar refuses (403) is told why, in the server's words, and stays signed out.
  const asked = ++yearAsked;
  const year = await api(`/api/admin/calendar/${encodeURIComponent($('#year').value)}`);
  if (year.status >= 400) throw new Error(describe(year));
  if (asked !== yearAsked) return;
  showSignedIn(`${user.name} — ${Roles[user.role] ?? user.role}, ${user.districtWide ? 'toàn huyện' : offices.get(user.office)?.name ?? user.office}`);
  showYear(year.body);
  await showVersions();
}

async function openYear() {
  clearFieldErrors(document);
  const asked = ++yearAsked;
  const answer = await api(`/api/admin/calendar/${encodeURIComponent($('#year').value)}`);
  if (asked !== yearAsked) return;
  if (answer.status >= 400) {
    showMessage($('#year-message'), 'error', describe(answer));
    showFieldErrors(document, answer.body?.errors);
    return;
  }
  showMessage($('#year-message'), 'error', '');
  showYear(answer.body);
}

function showYear(year) {
  loaded = { year: year.year, version: year.version };
  showCoverage(year.coverage);
  $('#calendar-title').textContent = `Lịch năm ${year.year}`;
  $('#calendar-version').textContent = `Đọc từ phiên bản ${year.version} của dữ liệu danh mục.`;
  $('#days-off').replaceChildren(...year.daysOff.map(dayOffRow));
  $('#make-up').replaceChildren(...year.makeUpWorkingDays.map(makeUpRow));
  $('#notice').value = year.notice ?? '';
  $('#reason').value = '';
  $('#calendar-form').hidden = false;
  showMessage($('#calendar-message'), 'error', '');
  forgetPreview();
}

// One input of an entry row, labelled; its data-key is set by its place when the rows are sent.
function entryField(label, type, value, part) {
  const id = `entry-${++rowNumber}`;
  return el('div', { class: 'field' },
    el('label', { for: id }, label),
    el('input', { id, type, value: value ?? '', autocomplete: 'off', 'data-part': part }));
}

function entryRow(fields, removeLabel) {
  const row = el('div', { class: 'entry row' }, ...fields);
  row.append(el('div', { class: 'field' }, el('button', {
    type: 'button', class: 'secondary', onclick: () => { row.remove(); forgetPreview(); },
  }, removeLabel)));
  return row;
}

function dayOffRow(entry = {}) {
  return entryRow([
    entryField('Từ ngày', 'date', entry.from, 'from'),
    entryField('Đến ngày', 'date', entry.to, 'to'),
    entryField('Tên ngày nghỉ', 'text', entry.name, 'name'),
  ], 'Xoá đợt nghỉ');
}

function makeUpRow(entry = {}) {
  return entryRow([
    entryField('Ngày làm bù', 'date', entry.date, 'date'),
    entryField('Làm bù cho', 'text', entry.name, 'name'),
  ], 'Xoá ngày làm bù');
}

// The rows as the API reads them, each input keyed as the API names its errors (daysOff[2].to).
function entries(list, key) {
  return [...$(list).querySelectorAll('.entry')].map((row, index) => Object.fromEntries([...row.querySelectorAll('input')].map((input) => {
    input.dataset.key = `${key}[${index}].${input.dataset.part}`;
    return [input.dataset.part, input.value];
  })));
}

function request(baseVersion) {
  return {
    daysOff: entries('#days-off', 'daysOff'),
    makeUpWorkingDays: entries('#make-up', 'makeUpWorkingDays'),
    notice: $('#notice').value,
    reason: $('#reason').value,
    baseVersion,
  };
}

// Any change after a preview needs a new one before saving: what is saved is what was previewed.
function forgetPreview() {
  previewed = null;
  $('#save').disabled = true;
  $('#preview').hidden = true;
}

function shiftRows(shifts) {
  return shifts.map((shift) => el('tr', { 'data-code': shift.code },
    el('td', { class: 'code' }, shift.code),
    el('td', {}, offices.get(shift.officeCode)?.name ?? shift.officeCode),
    el('td', {}, shift.procedureCode),
    el('td', {}, formatDateTime(shift.fromDue)),
    el('td', {}, formatDateTime(shift.toDue)),
    el('td', {},
      shift.turnsLate ? el('span', { class: 'badge late' }, WORDING.buckets.Late) : '',
      shift.promised ? el('span', { class: 'badge neutral' }, 'Giữ lịch hẹn đã hẹn với công dân') : '')));
}

function emptyRow(text) {
  return el('tr', {}, el('td', { colspan: 6 }, text));
}

async function send(method, url, baseVersion) {
  clearFieldErrors(document);
  const answer = await api(url, { method, json: request(baseVersion) });
  if (answer.status >= 400) {
    showMessage($('#calendar-message'), 'error', describe(answer));
    showFieldErrors(document, answer.body?.errors);
    return null;
  }
  showMessage($('#calendar-message'), 'error', '');
  return answer.body;
}

async function preview() {
  const answer = await send('POST', `/api/admin/calendar/${loaded.year}/preview`, loaded.version);
  if (!answer) return;
  $('#preview-summary').textContent = answer.summary;
  $('#shifts tbody').replaceChildren(...(answer.shifts.length
    ? shiftRows(answer.shifts)
    : [emptyRow('Không có hồ sơ đang giải quyết nào thay đổi hạn.')]));
  $('#preview').hidden = false;
  previewed = answer.baseVersion;
  $('#save').disabled = false;
}

async function save() {
  const answer = await send('PUT', `/api/admin/calendar/${loaded.year}`, previewed);
  if (!answer) return;
  $('#result').hidden = false;
  showMessage($('#result-message'), answer.failed.length ? 'warning' : 'success',
    `Đã lưu phiên bản ${answer.version}: ${answer.summary}. Đã điều chỉnh hạn ${answer.revised.length} hồ sơ`
    + `${answer.failed.length ? `; ${answer.failed.length} hồ sơ chưa điều chỉnh được` : ''}.`);
  $('#revised tbody').replaceChildren(...(answer.revised.length ? shiftRows(answer.revised) : [emptyRow('Không có hồ sơ nào thay đổi hạn.')]));
  $('#failed').replaceChildren(...answer.failed.map((failure) => el('li', {}, failure.detail)));
  await openYear();
  await showVersions();
}

async function showVersions() {
  try {
    const versions = await apiOk('/api/admin/reference/versions');
    showMessage($('#versions-message'), 'error', '');
    $('#versions tbody').replaceChildren(...versions.map((v) => el('tr', {},
      el('td', { class: 'number' }, v.number),
      el('td', {}, formatDateTime(v.savedAt)),
      el('td', {}, v.author),
      el('td', {}, v.reason),
      el('td', {}, v.basis ?? '—'),
      el('td', {}, v.summary),
      el('td', {}, v.inForce ? el('span', { class: 'badge not-yet-due' }, 'Đang áp dụng') : ''))));
  } catch (error) {
    showMessage($('#versions-message'), 'error', error.message);
  }
}

bindSignIn(signIn, signOut);
$('#year-form').addEventListener('submit', (event) => {
  event.preventDefault();
  openYear();
});
$('#calendar-form').addEventListener('input', forgetPreview);
$('#calendar-form').addEventListener('submit', (event) => {
  event.preventDefault();
  if (event.submitter?.value === 'save') save();
  else preview();
});
$('#add-day-off').addEventListener('click', () => {
  $('#days-off').append(dayOffRow());
  forgetPreview();
});
$('#add-make-up').addEventListener('click', () => {
  $('#make-up').append(makeUpRow());
  forgetPreview();
});
const saved = savedToken();
if (saved) signIn(saved).catch((error) => signOut(error.message));
