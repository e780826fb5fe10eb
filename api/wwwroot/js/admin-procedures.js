// The procedure catalogue part of the administrators' page: the procedures in force; one procedure created, edited
// (its documents and declaration form included) or removed; the catalogue downloaded as an Excel workbook, and an
// edited workbook previewed (what it adds, changes and removes) and then saved as one version.
import { openSignedFile } from './auth.js';
import { WORDING, el, showMessage } from './site.js';
import {
  addChangeFields, changeOf, clearChange, entryField, entryRow, labelled, named, numberOf, options, read, readRows, savedText, send, textRows, versionText,
} from './admin-common.js';

const XlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Opens the catalogue in `root` (a copy of its template). */
export function open(root, context) {
  const $ = (selector) => root.querySelector(selector);
  const words = WORDING.reference;
  const form = $('#procedure-form');
  const importForm = $('#import-form');
  let catalogue = null; // the catalogue as read, with its version
  let editing = null; // the procedure edited as read; null for a new one
  let previewed = null; // the version the workbook chosen was previewed on, until another file is chosen
  addChangeFields(form, context);
  addChangeFields(importForm, context);
  const documents = textRows($('#procedure-documents'), 'requiredDocuments', 'Giấy tờ', 'Xoá giấy tờ');
  const fields = $('#procedure-form-fields');
  const keyFields = () => readRows(fields, 'form', formValue);

  const timeText = (time) => (time.workingDays ? `${time.workingDays} ${WORDING.durations.day}` : `${time.workingHours} ${WORDING.durations.hour}`);

  async function load() {
    const answer = await read(context, '/api/admin/procedures', $('#procedures-message'));
    if (!answer) return;
    catalogue = answer;
    $('#procedures-version').textContent = versionText(catalogue.version);
    $('#procedures tbody').replaceChildren(...catalogue.procedures.map((p) => el('tr', { 'data-code': p.code },
      el('td', { class: 'code' }, p.code),
      el('td', {}, p.name),
      el('td', {}, named(words.levels, p.level)),
      el('td', {}, p.sector),
      el('td', {}, timeText(p.processingTime)),
      el('td', {}, p.fastTrack ? 'Có' : 'Không'),
      el('td', {}, el('button', { type: 'button', class: 'secondary', onclick: () => edit(p) },
        'Sửa', el('span', { class: 'visually-hidden' }, ` thủ tục ${p.code}`))))));
  }

  // A declaration form field's control as the API reads it.
  function formValue(control) {
    if (control.type === 'checkbox') return control.checked;
    if (control.type === 'number') return numberOf(control);
    if (control.dataset.part === 'choices') {
      const lines = control.value.split('\n').map((line) => line.trim()).filter((line) => line);
      return lines.length ? lines : null;
    }
    return control.value;
  }

  function formFieldRow(field = {}) {
    const type = el('select', {});
    options(type, words.formFieldTypes, field.type, field.type ? {} : { empty: '— Chọn kiểu —' });
    const required = el('input', { type: 'checkbox' });
    required.checked = Boolean(field.required);
    const choices = el('textarea', { rows: 2 });
    choices.value = (field.choices ?? []).join('\n');
    return entryRow([
      entryField('Tên trường', 'text', field.name, 'name'),
      entryField('Nhãn', 'text', field.label, 'label'),
      labelled('Kiểu', type, 'type'),
      entryField('Độ dài tối đa', 'number', field.maxLength, 'maxLength'),
      labelled('Lựa chọn (mỗi dòng một)', choices, 'choices'),
      labelled('Bắt buộc', required, 'required'),
    ], 'Xoá trường', keyFields);
  }

  function edit(procedure) {
    editing = procedure;
    const p = procedure ?? { processingTime: {}, requiredDocuments: [], form: [] };
    $('#procedure-title').textContent = procedure ? `Sửa thủ tục ${p.code}` : 'Thêm thủ tục';
    $('#procedure-code').value = p.code ?? '';
    $('#procedure-code').readOnly = Boolean(procedure);
    options($('#procedure-level'), words.levels, p.level, procedure ? {} : { empty: '— Chọn cấp —' });
    $('#procedure-name').value = p.name ?? '';
    $('#procedure-sector').value = p.sector ?? '';
    $('#procedure-fee').value = p.fee ?? '';
    $('#procedure-days').value = p.processingTime.workingDays ?? '';
    $('#procedure-hours').value = p.processingTime.workingHours ?? '';
    $('#procedure-fast-track').checked = Boolean(p.fastTrack);
    $('#procedure-illustrative').checked = Boolean(p.illustrative);
    documents.set(p.requiredDocuments);
    fields.replaceChildren(...p.form.map(formFieldRow));
    keyFields();
    $('#procedure-remove').hidden = !procedure;
    clearChange(form);
    showMessage($('#procedure-message'), 'error', '');
    form.hidden = false;
    form.scrollIntoView({ block: 'start' });
    (procedure ? $('#procedure-name') : $('#procedure-code')).focus();
  }

  function request(code) {
    return {
      code,
      name: $('#procedure-name').value,
      level: $('#procedure-level').value,
      sector: $('#procedure-sector').value,
      processingTime: { workingDays: numberOf($('#procedure-days')), workingHours: numberOf($('#procedure-hours')) },
      fee: $('#procedure-fee').value,
      requiredDocuments: documents.values(),
      fastTrack: $('#procedure-fast-track').checked,
      illustrative: $('#procedure-illustrative').checked,
      form: keyFields(),
      ...changeOf(form, context),
      baseVersion: catalogue.version.latestVersion,
    };
  }

  async function saved(answer) {
    showMessage($('#procedure-saved'), 'success', savedText(answer));
    form.hidden = true;
    await Promise.all([load(), context.showVersions()]);
  }

  async function save() {
    const code = $('#procedure-code').value.trim();
    // A procedure is addressed by its code: one left empty goes to a blank address, for the API to say what it lacks.
    const url = `/api/admin/procedures/${encodeURIComponent(code || ' ')}`;
    const answer = await send(context, form, $('#procedure-message'), url, { method: 'PUT', json: request(code || null) });
    if (answer) await saved(answer);
  }

  async function remove() {
    const url = `/api/admin/procedures/${encodeURIComponent(editing.code)}`;
    const answer = await send(context, form, $('#procedure-message'), url, {
      method: 'DELETE', json: { ...changeOf(form, context), baseVersion: catalogue.version.latestVersion },
    });
    if (answer) await saved(answer);
  }

  function forgetPreview() {
    previewed = null;
    $('#import-save').disabled = true;
    $('#import-preview').hidden = true;
  }

  const codes = (list, empty) => (list.length ? list.map((item) => el('li', {}, item)) : [el('li', {}, empty)]);
  const nameOf = (code) => catalogue?.procedures.find((p) => p.code === code)?.name;

  async function sendWorkbook(query) {
    const file = $('#import-file').files[0];
    return send(context, importForm, $('#import-message'), `/api/admin/procedures.xlsx?${new URLSearchParams(query)}`,
      { method: 'POST', file: file ?? new Blob([], { type: XlsxType }), type: XlsxType }, $('#import-errors'));
  }

  async function preview() {
    const answer = await sendWorkbook({ preview: 'true' });
    if (!answer) return;
    $('#import-base').textContent = answer.baseVersion;
    $('#import-summary').textContent = answer.summary;
    $('#import-added').replaceChildren(...codes(answer.added, 'Không có'));
    $('#import-changed').replaceChildren(...codes(answer.changed.map((c) =>
      `${c.code} — ${c.name}: ${c.fields.map((f) => words.procedureFields[f] ?? f).join(', ')}`), 'Không có'));
    $('#import-removed').replaceChildren(...codes(answer.removed.map((code) => (nameOf(code) ? `${code} — ${nameOf(code)}` : code)), 'Không có'));
    $('#import-preview').hidden = false;
    previewed = answer.baseVersion;
    $('#import-save').disabled = false;
  }

  async function saveWorkbook() {
    const change = changeOf(importForm, context);
    const query = { baseVersion: previewed, reason: change.reason };
    if (change.basis) query.basis = change.basis;
    if (change.effectiveFrom) query.effectiveFrom = change.effectiveFrom;
    const answer = await sendWorkbook(query);
    if (!answer) return;
    showMessage($('#import-message'), 'success', savedText(answer));
    forgetPreview();
    clearChange(importForm);
    await Promise.all([load(), context.showVersions()]);
  }

  $('#new-procedure').addEventListener('click', () => edit(null));
  $('#procedure-close').addEventListener('click', () => { form.hidden = true; });
  $('#add-document').addEventListener('click', () => documents.add().focus());
  $('#add-form-field').addEventListener('click', () => {
    const row = formFieldRow();
    fields.append(row);
    keyFields();
    row.querySelector('input').focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (event.submitter?.value === 'remove') remove();
    else save();
  });
  $('#export-procedures').addEventListener('click', async () => {
    try {
      await openSignedFile('/api/admin/procedures.xlsx', `danh-muc-thu-tuc-v${catalogue.version.version}.xlsx`);
      showMessage($('#procedures-message'), 'error', '');
    } catch (error) {
      showMessage($('#procedures-message'), 'error', error.message);
    }
  });
  $('#import-file').addEventListener('change', forgetPreview);
  importForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (event.submitter?.value === 'save') saveWorkbook();
    else preview();
  });
  return load();
}
