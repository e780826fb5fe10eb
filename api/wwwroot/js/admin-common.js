// What the parts of the administrators' page share: rows of entries to edit, keyed as the API names its errors; the
// fields every change carries (why, on what basis, from when); sending a change and showing its problems at their
// fields; what a saved version says; the dossiers whose due time a change moved.
import { describe } from './auth.js';
import { WORDING, clearFieldErrors, el, formatDateTime, instantIn, showFieldErrors, showMessage } from './site.js';

let idNumber = 0;

/** A fresh element id. */
export const nextId = () => `entry-${++idNumber}`;

/** `control` with its label, in a .field; `part` names the control's place in its row (daysOff[2].to: "to"). */
export function labelled(label, control, part) {
  control.id = nextId();
  if (part) control.dataset.part = part;
  const wrap = el('div', { class: control.type === 'checkbox' ? 'field check' : 'field' }, el('label', { for: control.id }, label));
  if (control.type === 'checkbox') wrap.prepend(control);
  else wrap.append(control);
  return wrap;
}

/** One input of an entry row, labelled. */
export function entryField(label, type, value, part) {
  return labelled(label, el('input', { type, value: value ?? '', autocomplete: 'off' }), part);
}

/** An entry row: its fields, then the button that removes it (calling `removed` after). */
export function entryRow(fields, removeLabel, removed) {
  const row = el('div', { class: 'entry row' }, ...fields);
  row.append(el('div', { class: 'field' }, el('button', {
    type: 'button', class: 'secondary', onclick: () => { row.remove(); removed?.(); },
  }, removeLabel)));
  return row;
}

/**
 * The rows of `list` as the API reads them, each control keyed as the API names its errors: `key[i].part`; a row
 * whose one control's part is "." is a plain value, keyed `key[i]`. `key` may be a function, for a list whose key
 * changes (a weekday's sessions).
 */
export function readRows(list, key, valueOf = (control) => control.value) {
  const name = typeof key === 'function' ? key() : key;
  return [...list.querySelectorAll(':scope > .entry')].map((row, index) => {
    const controls = [...row.querySelectorAll('[data-part]')];
    if (controls.length === 1 && controls[0].dataset.part === '.') {
      controls[0].dataset.key = `${name}[${index}]`;
      return valueOf(controls[0]);
    }
    return Object.fromEntries(controls.map((control) => {
      control.dataset.key = `${name}[${index}].${control.dataset.part}`;
      return [control.dataset.part, valueOf(control)];
    }));
  });
}

/** A list of one-line texts to edit (sessions, documents), each row a labelled input; `.add(value)`, `.set(values)`, `.values()`. */
export function textRows(list, key, label, removeLabel) {
  const keyed = () => readRows(list, key);
  const add = (value = '') => {
    const row = entryRow([entryField(label, 'text', value, '.')], removeLabel, keyed);
    list.append(row);
    keyed();
    return row.querySelector('input');
  };
  return {
    add,
    set(values) { list.replaceChildren(); (values ?? []).forEach((value) => add(value)); },
    values: keyed,
  };
}

/** Options of a select, from the API's named values; a first empty choice when nothing need be picked yet. */
export function options(select, values, selected, { empty } = {}) {
  select.replaceChildren(
    ...(empty !== undefined ? [el('option', { value: '' }, empty)] : []),
    ...values.map((v) => el('option', { value: v.value, selected: v.value === selected }, v.name)));
}

/** A group of checkboxes or radios (`type`), one a named value, labelled with its name; `name` groups them. */
export function choices(container, type, name, values) {
  container.replaceChildren(...values.map((v) => {
    const input = el('input', { type, name, value: v.value, id: nextId() });
    return el('span', { class: 'choice' }, input, el('label', { for: input.id }, v.name));
  }));
  return {
    set(checked) { container.querySelectorAll('input').forEach((i) => { i.checked = [checked].flat().includes(i.value); }); },
    values: () => [...container.querySelectorAll('input:checked')].map((i) => i.value),
    value: () => container.querySelector('input:checked')?.value ?? null,
  };
}

/** The Vietnamese name of `value` among the API's named `values`. */
export const named = (values, value) => values.find((v) => v.value === value)?.name ?? value;

/** The Vietnamese name of weekday `value` (Monday …). */
export const dayName = (value) => named(WORDING.reference.week, value);

/** A number input's value, null when left empty. */
export const numberOf = (input) => (input.value === '' ? null : Number(input.value));

/**
 * Puts the change fields (reason, basis, effective from) in `form`'s .change-fields, their ids prefixed with the
 * form's: the effective date and time are read on the clocks of `context.timeZone`.
 */
export function addChangeFields(form, context) {
  const fields = document.querySelector('#change-fields').content.cloneNode(true);
  fields.querySelectorAll('[id]').forEach((e) => { e.id = `${form.id}-${e.id}`; });
  fields.querySelectorAll('label[for]').forEach((l) => { l.htmlFor = `${form.id}-${l.htmlFor}`; });
  fields.querySelector('.effective-zone').append(`; giờ ${context.zoneName}`);
  form.querySelector('.change-fields').replaceWith(fields);
}

/** The change fields of `form` as the API reads them. */
export function changeOf(form, context) {
  const value = (key) => form.querySelector(`[data-key="${key}"]`).value;
  const from = value('effectiveFrom');
  return {
    reason: value('reason'),
    basis: value('basis').trim() === '' ? null : value('basis'),
    effectiveFrom: from ? instantIn(context.timeZone, from) : null,
  };
}

/** Empties the change fields of `form`, for the next change. */
export function clearChange(form) {
  ['reason', 'basis', 'effectiveFrom'].forEach((key) => { form.querySelector(`[data-key="${key}"]`).value = ''; });
}

/**
 * Sends a request of `form`'s and resolves to the answer's body; a problem is shown in `message` and at the fields of
 * `form` it names (data-key), and resolves to null. `unplaced` lists the problems no field of the form shows.
 */
export async function send(context, form, message, url, request, unplaced) {
  clearFieldErrors(form);
  unplaced?.replaceChildren();
  const answer = await context.api(url, request);
  if (answer.status >= 400) {
    const errors = answer.body?.errors ?? {};
    showMessage(message, 'error', describe(answer));
    showFieldErrors(form, errors);
    unplaced?.replaceChildren(...Object.entries(errors)
      .filter(([key]) => !form.querySelector(`[data-key="${CSS.escape(key)}"]`))
      .flatMap(([, messages]) => messages.map((m) => el('li', {}, m))));
    return null;
  }
  showMessage(message, 'error', '');
  return answer.body;
}

/** What a saved version says: its number, what changed, and whether it applies now or from when. */
export function savedText(saved) {
  return `Đã lưu phiên bản ${saved.version}: ${saved.summary}. `
    + (saved.inForce ? 'Đang áp dụng.' : `Chờ áp dụng từ ${formatDateTime(saved.effectiveFrom)}.`);
}

/** What a change that revised open dossiers' deadlines adds to its result: how many, and how many not yet. */
export function revisedText(answer) {
  return ` Đã điều chỉnh hạn ${answer.revised.length} hồ sơ`
    + `${answer.failed.length ? `; ${answer.failed.length} hồ sơ chưa điều chỉnh được` : ''}.`;
}

/** Which version a list was read from, and the newest when it waits for its day. */
export function versionText(info) {
  return `Đọc từ phiên bản ${info.version} của dữ liệu danh mục.`
    + (info.latestVersion !== info.version
      ? ` Phiên bản ${info.latestVersion} đã lưu, chờ áp dụng từ ${formatDateTime(info.latestEffectiveFrom)}.`
      : '');
}

/** The dossiers whose due time a change moves, one table row each. */
export function shiftRows(shifts, offices) {
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

/** A table row of one cell across `columns`, saying `text`. */
export function emptyRow(text, columns = 6) {
  return el('tr', {}, el('td', { colspan: columns }, text));
}

/** Puts the revisions' table and list in each .revisions of `root`, their ids prefixed with its data-prefix (#office-revised). */
export function addRevisions(root) {
  root.querySelectorAll('.revisions').forEach((place) => {
    const revisions = document.querySelector('#revisions').content.cloneNode(true);
    revisions.querySelectorAll('[id]').forEach((e) => { e.id = `${place.dataset.prefix ?? ''}${e.id}`; });
    place.replaceWith(revisions);
  });
}

/** Shows a change's revised dossiers in table #{prefix}revised and those not revised yet in #{prefix}failed. */
export function showRevisions(root, prefix, answer, offices) {
  const revised = answer.revised ?? [];
  root.querySelector(`#${prefix}revised tbody`).replaceChildren(...(revised.length ? shiftRows(revised, offices) : [emptyRow('Không có hồ sơ nào thay đổi hạn.')]));
  root.querySelector(`#${prefix}failed`).replaceChildren(...(answer.failed ?? []).map((failure) => el('li', {}, failure.detail)));
}

/** The body of a successful GET of `url`, or null with its problem shown in `message`. */
export async function read(context, url, message) {
  try {
    const body = await context.apiOk(url);
    showMessage(message, 'error', '');
    return body;
  } catch (error) {
    showMessage(message, 'error', error.message);
    return null;
  }
}
