// The holiday calendar part of the administrators' page: a year's days off and make-up working days as rows to edit, a
// preview of the open dossiers whose due time it moves, and saving it as a new version of the reference data. The year
// to open, every check and every message are the API's.
import { describe } from './auth.js';
import { clearFieldErrors, showFieldErrors, showMessage } from './site.js';
import { addRevisions, emptyRow, entryField, entryRow, readRows, revisedText, send, shiftRows, showRevisions } from './admin-common.js';

/** Opens the calendar in `root` (a copy of its template), at the year the coverage suggests. */
export function open(root, context) {
  const $ = (selector) => root.querySelector(selector);
  const form = $('#calendar-form');
  let loaded = null; // the year as read: { year, version }
  let yearAsked = 0; // the latest year asked for: an answer to an earlier one is dropped
  let previewed = null; // the preview's base version while the rows are as previewed
  addRevisions(root);

  async function openYear() {
    clearFieldErrors(root);
    const asked = ++yearAsked;
    const answer = await context.api(`/api/admin/calendar/${encodeURIComponent($('#year').value)}`);
    if (asked !== yearAsked) return;
    if (answer.status >= 400) {
      showMessage($('#year-message'), 'error', describe(answer));
      showFieldErrors(root, answer.body?.errors);
      return;
    }
    showMessage($('#year-message'), 'error', '');
    showYear(answer.body);
  }

  function showYear(year) {
    loaded = { year: year.year, version: year.version };
    context.showCoverage(year.coverage);
    $('#calendar-title').textContent = `Lịch năm ${year.year}`;
    $('#calendar-version').textContent = `Đọc từ phiên bản ${year.version} của dữ liệu danh mục.`;
    $('#days-off').replaceChildren(...year.daysOff.map(dayOffRow));
    $('#make-up').replaceChildren(...year.makeUpWorkingDays.map(makeUpRow));
    $('#notice').value = year.notice ?? '';
    $('#reason').value = '';
    form.hidden = false;
    showMessage($('#calendar-message'), 'error', '');
    forgetPreview();
  }

  function dayOffRow(entry = {}) {
    return entryRow([
      entryField('Từ ngày', 'date', entry.from, 'from'),
      entryField('Đến ngày', 'date', entry.to, 'to'),
      entryField('Tên ngày nghỉ', 'text', entry.name, 'name'),
    ], 'Xoá đợt nghỉ', forgetPreview);
  }

  function makeUpRow(entry = {}) {
    return entryRow([
      entryField('Ngày làm bù', 'date', entry.date, 'date'),
      entryField('Làm bù cho', 'text', entry.name, 'name'),
    ], 'Xoá ngày làm bù', forgetPreview);
  }

  function request(baseVersion) {
    return {
      daysOff: readRows($('#days-off'), 'daysOff'),
      makeUpWorkingDays: readRows($('#make-up'), 'makeUpWorkingDays'),
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

  const sent = (method, url, baseVersion) =>
    send(context, form, $('#calendar-message'), url, { method, json: request(baseVersion) });

  async function preview() {
    const answer = await sent('POST', `/api/admin/calendar/${loaded.year}/preview`, loaded.version);
    if (!answer) return;
    $('#preview-summary').textContent = answer.summary;
    $('#shifts tbody').replaceChildren(...(answer.shifts.length
      ? shiftRows(answer.shifts, context.offices)
      : [emptyRow('Không có hồ sơ đang giải quyết nào thay đổi hạn.')]));
    $('#preview').hidden = false;
    previewed = answer.baseVersion;
    $('#save').disabled = false;
  }

  async function save() {
    const answer = await sent('PUT', `/api/admin/calendar/${loaded.year}`, previewed);
    if (!answer) return;
    $('#result').hidden = false;
    showMessage($('#result-message'), answer.failed.length ? 'warning' : 'success',
      `Đã lưu phiên bản ${answer.version}: ${answer.summary}.${revisedText(answer)}`);
    showRevisions(root, '', answer, context.offices);
    await openYear();
    await context.showVersions();
  }

  $('#year-form').addEventListener('submit', (event) => {
    event.preventDefault();
    openYear();
  });
  form.addEventListener('input', forgetPreview);
  form.addEventListener('submit', (event) => {
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
  $('#year').value = context.coverage.suggestedYear;
  return openYear();
}
