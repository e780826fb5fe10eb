// The offices part of the administrators' page: the offices in force with their working time, and one office edited —
// name, level, working days, the sessions of an ordinary day and of the weekdays that differ (a Saturday morning), the
// fast-track days — then saved now or from a later instant, with the open dossiers whose due time that moved.
import { WORDING, el, formatDateTime, showMessage } from './site.js';
import {
  addChangeFields, addRevisions, changeOf, choices, clearChange, dayName, entryRow, labelled, named, options, read, revisedText, savedText, send,
  showRevisions, textRows, versionText,
} from './admin-common.js';

/** Opens the offices in `root` (a copy of its template). */
export function open(root, context) {
  const $ = (selector) => root.querySelector(selector);
  const words = WORDING.reference;
  const form = $('#office-form');
  let list = null; // the offices as read, with their version
  let editing = null; // the office edited, as read
  addChangeFields(form, context);
  addRevisions(root);
  options($('#office-level'), words.levels);
  const workingDays = choices($('#office-working-days'), 'checkbox', 'workingDays', words.week);
  const fastTrackDays = choices($('#office-fast-track-days'), 'checkbox', 'fastTrackDays', words.week);
  const sessions = textRows($('#office-sessions'), 'sessions', 'Buổi làm việc', 'Xoá buổi');
  const days = []; // the weekdays with sessions of their own: { sessions, read() }

  const sessionsText = (values) => values.join(', ');

  async function load() {
    const answer = await read(context, '/api/admin/offices', $('#offices-message'));
    if (!answer) return;
    list = answer;
    $('#offices-version').textContent = versionText(list.version);
    $('#offices tbody').replaceChildren(...list.offices.map((office) => el('tr', { 'data-code': office.code },
      el('td', { class: 'code' }, office.code),
      el('td', {}, office.name),
      el('td', {}, named(words.levels, office.level)),
      el('td', {}, office.workingDays.map(dayName).join(', ')),
      el('td', {}, sessionsText(office.sessions)),
      el('td', {}, Object.entries(office.daySessions ?? {}).map(([day, s]) => `${dayName(day)}: ${sessionsText(s)}`).join('; ') || '—'),
      el('td', {}, office.fastTrackDays.map(dayName).join(', ') || '—'),
      el('td', {}, el('button', { type: 'button', class: 'secondary', onclick: () => edit(office) },
        'Sửa', el('span', { class: 'visually-hidden' }, ` ${office.name}`))))));
  }

  // A weekday with sessions of its own: the weekday picked, its sessions as rows; its inputs keyed daySessions.Saturday[0].
  function addDay(day, values = []) {
    const select = el('select', {});
    options(select, words.week, day);
    const rows = el('div', { class: 'entries' });
    const entry = {};
    const key = () => `daySessions.${select.value}`;
    const keyed = () => { select.dataset.key = key(); return entry.sessions.values(); };
    entry.sessions = textRows(rows, key, 'Buổi làm việc', 'Xoá buổi');
    select.addEventListener('change', keyed);
    const row = entryRow([
      labelled('Thứ có giờ riêng', select),
      el('div', { class: 'field day-rows' }, rows,
        el('button', { type: 'button', class: 'secondary', onclick: () => { entry.sessions.add().focus(); } }, 'Thêm buổi của thứ này')),
    ], 'Bỏ giờ riêng của thứ này', () => days.splice(days.indexOf(entry), 1));
    entry.sessions.set(values.length ? values : ['']);
    entry.read = () => [select.value, keyed()];
    days.push(entry);
    $('#office-day-sessions').append(row);
    keyed();
    return select;
  }

  function edit(office) {
    editing = office;
    $('#office-title').textContent = `Sửa đơn vị ${office.code} — ${office.name}`;
    $('#office-name').value = office.name;
    $('#office-level').value = office.level;
    workingDays.set(office.workingDays);
    fastTrackDays.set(office.fastTrackDays);
    sessions.set(office.sessions);
    days.length = 0;
    $('#office-day-sessions').replaceChildren();
    Object.entries(office.daySessions ?? {}).forEach(([day, values]) => addDay(day, values));
    clearChange(form);
    showMessage($('#office-message'), 'error', '');
    form.hidden = false;
    form.scrollIntoView({ block: 'start' });
    $('#office-name').focus();
  }

  function request() {
    return {
      code: editing.code,
      name: $('#office-name').value,
      level: $('#office-level').value,
      timeZone: editing.timeZone,
      workingDays: workingDays.values(),
      sessions: sessions.values(),
      daySessions: Object.fromEntries(days.map((d) => d.read())),
      fastTrackDays: fastTrackDays.values(),
      ...changeOf(form, context),
      baseVersion: list.version.latestVersion,
    };
  }

  async function save() {
    const answer = await send(context, form, $('#office-message'), `/api/admin/offices/${encodeURIComponent(editing.code)}`, { method: 'PUT', json: request() });
    if (!answer) return;
    $('#office-result').hidden = false;
    showMessage($('#office-saved'), answer.failed?.length ? 'warning' : 'success', savedText(answer) + (answer.revised ? revisedText(answer) : '')
      + (answer.revisionAt ? ` Hạn của các hồ sơ đang giải quyết của đơn vị sẽ được tính lại lúc ${formatDateTime(answer.revisionAt)}.` : ''));
    $('#office-revised').closest('.table-wrap').hidden = !answer.revised;
    showRevisions(root, 'office-', answer, context.offices);
    form.hidden = true;
    await Promise.all([load(), context.showVersions()]);
  }

  $('#add-session').addEventListener('click', () => sessions.add().focus());
  $('#add-day-sessions').addEventListener('click', () => addDay().focus());
  $('#office-close').addEventListener('click', () => { form.hidden = true; });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save();
  });
  return load();
}
