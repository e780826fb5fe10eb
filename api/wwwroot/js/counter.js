// The counter page: sign in with a token, enter a dossier for the citizen ("no writing"), watch the office's open
// dossiers with the working time they have left, take the steps the user's role allows, print the slips.
// The server says what the forms ask for (fields, labels, kinds) and which steps this user may take now (label,
// address, inputs); the page only renders them.
import { Roles, bindSignIn, decodeToken, describe, openSignedFile, saveToken, savedToken, showSignedIn, showSignedOut, staffApi } from './auth.js';
import { BUCKETS, WORDING, clearFieldErrors, el, formatDateTime, nowIn, showFieldErrors, showMessage } from './site.js';

const RefreshSeconds = 30;

const OpenStatuses = new Set(['Draft', 'Received', 'InProcessing', 'AwaitingSignature', 'SupplementRequested', 'PaymentRequired', 'ResultReady']);

const $ = (selector) => document.querySelector(selector);
let user = null;
let procedures = new Map();
let entryForm = null;
let refreshTimer = null;

const { api, apiOk } = staffApi(signOut);

function signOut(message) {
  user = null;
  clearInterval(refreshTimer);
  showSignedOut('Bộ phận Một cửa', message);
}

async function signIn(token) {
  user = decodeToken(token);
  saveToken(token);
  const office = await apiOk(`/api/offices/${encodeURIComponent(user.office)}`);
  user.level = office.level;
  user.timeZone = office.timeZone;
  user.fastTrackPromise = office.fastTrackPromise;
  showSignedIn(`${user.name} — ${Roles[user.role] ?? user.role}, ${office.name}`);
  await loadEntryForm();
  await loadProcedures();
  await refreshOpen();
  clearInterval(refreshTimer);
  refreshTimer = setInterval(() => refreshOpen().catch(() => {}), RefreshSeconds * 1000);
}

/** The entry form as the server describes it for this user: the applicant's fields, the consent, the submit button. */
async function loadEntryForm() {
  entryForm = await apiOk(`/api/offices/${encodeURIComponent(user.office)}/entry-form`);
  $('#entry').hidden = !entryForm.submit;
  if (!entryForm.submit) return;
  $('#submit-dossier').textContent = entryForm.submit.label;
  $('#applicant-title').textContent = entryForm.applicantTitle;
  $('#applicant-inputs').replaceChildren(...entryForm.applicant.map((field) => fieldBlock(field, field.name, `applicant.${field.name}`)));
  $('#consent-title').textContent = entryForm.consent.label;
  $('#consent-choices').replaceChildren(...entryForm.consent.choices.map((choice, i) => {
    const id = `consent-${choice.value.toLowerCase()}`;
    return el('div', { class: 'choice' },
      el('input', { type: 'radio', id, name: 'consent', value: choice.value, checked: i === 0 }), el('label', { for: id }, choice.label));
  }));
}

/** The input of a form field, by the kind the server gives it. */
function fieldInput(field, id, key) {
  const common = { id, name: field.name, required: field.required, 'data-key': key, autocomplete: 'off' };
  switch (field.type) {
    case 'Choice':
      return el('select', common, el('option', { value: '' }, '— Chọn —'), ...field.choices.map((c) => el('option', { value: c }, c)));
    case 'Number':
      return el('input', { ...common, type: 'number', min: 0, step: 1, inputmode: 'numeric' });
    case 'Date':
      return el('input', { ...common, type: 'date' });
    case 'Phone':
      return el('input', { ...common, type: 'tel', maxlength: field.maxLength });
    case 'CitizenId':
      return el('input', { ...common, type: 'text', inputmode: 'numeric', maxlength: field.maxLength });
    default:
      return el('input', { ...common, type: 'text', maxlength: field.maxLength });
  }
}

/** A labelled field: its label (with its hint, or "không bắt buộc"), its input. */
function fieldBlock(field, id, key) {
  const hint = field.hint ?? (field.required ? null : 'không bắt buộc');
  return el('div', { class: 'field' },
    el('label', { for: id }, field.label, hint ? el('span', { class: 'hint' }, hint) : ''), fieldInput(field, id, key));
}

async function loadProcedures() {
  const list = await apiOk(`/api/procedures?level=${user.level}`);
  procedures = new Map(list.map((p) => [p.code, p]));
  const options = [...list].sort((a, b) => a.name.localeCompare(b.name, 'vi'))
    .map((p) => el('option', { value: p.code }, `${p.fastTrack ? '★ ' : ''}${p.name}`));
  $('#procedure').replaceChildren(el('option', { value: '' }, '— Chọn thủ tục —'), ...options);
  renderForm();
}

function renderForm() {
  const procedure = procedures.get($('#procedure').value);
  $('#procedure-facts').textContent = procedure
    ? `${procedure.fastTrack && user.fastTrackPromise ? `★ ${user.fastTrackPromise}. ` : ''}`
      + `Thời hạn: ${procedure.processingTimeWording}. `
      + `Phí: ${procedure.fee}. Thành phần hồ sơ: ${procedure.requiredDocuments.join('; ')}.`
    : '';
  $('#form-fields').hidden = !procedure;
  $('#form-inputs').replaceChildren(...(procedure?.form ?? []).map((field) => fieldBlock(field, `f-${field.name}`, `form.${field.name}`)));
}

async function submitDossier(event) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  const valuesOf = (prefix) => Object.fromEntries([...form.querySelectorAll(`[data-key^="${prefix}."]`)]
    .filter((input) => input.value.trim()).map((input) => [input.name, input.value.trim()]));
  const json = {
    procedureCode: form.procedure.value || null,
    applicant: valuesOf('applicant'),
    consent: form.consent.value,
    form: valuesOf('form'),
  };
  // One key per dossier entered: a double click or a retry after a lost answer creates it once.
  form.dataset.key ??= crypto.randomUUID();
  const { method, href } = entryForm.submit;
  const answer = await api(href, { json, method, key: form.dataset.key });
  if (answer.status >= 400) {
    showMessage($('#new-result'), 'error', describe(answer));
    showFieldErrors(form, answer.body?.errors);
    return;
  }

  const dossier = answer.body;
  delete form.dataset.key;
  showMessage($('#new-result'), 'success', `Đã ${dossier.status === 'Draft' ? 'lưu' : 'tiếp nhận'} hồ sơ ${dossier.code}`
    + `${dossier.appointmentAt ? `, hẹn trả ${formatDateTime(dossier.appointmentAt)}` : ''}.`);
  form.reset();
  renderForm();
  await refreshOpen();
  await openDossier(dossier.code);
}

async function refreshOpen() {
  const entries = await apiOk(`/api/offices/${encodeURIComponent(user.office)}/dossiers?limit=500`);
  const open = entries.filter((e) => OpenStatuses.has(e.status));
  $('#open tbody').replaceChildren(...open.map((entry) => {
    const bucket = BUCKETS[entry.bucket];
    const left = entry.timeLeftWording === null
      ? '—'
      : [entry.timeLeftWording, ' ', bucket ? el('span', { class: `badge ${bucket.css}` }, entry.bucketName) : ''];
    return el('tr', { 'data-code': entry.code },
      el('td', { class: 'code' }, entry.code),
      el('td', {}, procedures.get(entry.procedureCode)?.name ?? entry.procedureCode),
      el('td', {}, entry.statusName),
      el('td', {}, entry.dueAt ? formatDateTime(entry.dueAt) : '—'),
      el('td', { class: 'left' }, left),
      el('td', {}, el('button', { type: 'button', class: 'secondary', 'aria-label': `Mở hồ sơ ${entry.code}`, onclick: () => openAnother(entry.code) }, 'Mở')));
  }));
  $('#open-updated').textContent = `${open.length} hồ sơ đang giải quyết; cập nhật lúc ${formatDateTime(nowIn(user.timeZone))}, tự làm mới mỗi ${RefreshSeconds} giây.`;
}

async function openDossier(code) {
  const [dossier, mine, slips, history] = await Promise.all(
    ['', '/actions', '/slips', '/history'].map((part) => apiOk(`/api/dossiers/${encodeURIComponent(code)}${part}`)));
  const panel = $('#detail');
  panel.hidden = false;
  $('#detail-title').textContent = `Hồ sơ ${code}`;
  const facts = [
    ['Thủ tục', procedures.get(dossier.procedureCode)?.name ?? dossier.procedureCode],
    ['Người nộp', dossier.applicant.fullName],
    ['Trạng thái', dossier.statusName],
    ['Đang giữ', dossier.holder ?? '—'],
    ['Tiếp nhận lúc', dossier.sla?.receivedAt ? formatDateTime(dossier.sla.receivedAt) : '—'],
    ['Thời gian giải quyết', dossier.sla?.allottedWording ?? '—'],
    ['Hẹn trả', dossier.appointmentAt
      ? `${formatDateTime(dossier.appointmentAt)}${dossier.sla?.provisional ? ` (${WORDING.provisional})` : ''}`
      : '—'],
  ];
  $('#detail-facts').replaceChildren(...facts.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
  $('#actions').replaceChildren(...(mine.length
    ? mine.map((offer) => el('button', { type: 'button', onclick: () => takeStep(code, offer) }, offer.label))
    : [el('p', { class: 'hint' }, 'Không có thao tác nào dành cho bạn ở bước này.')]));
  $('#slips').replaceChildren(...slips.filter((s) => s.available)
    .map((slip) => el('button', { type: 'button', class: 'secondary', onclick: () => printSlip(slip.href) }, `${slip.title} (${slip.form})`)));
  $('#timeline').replaceChildren(...history.map((step) => el('li', {},
    `${formatDateTime(step.at)} — ${step.name}${step.handOverTo ? ` → ${step.handOverTo}` : ''} (${step.actor})${step.note ? `: ${step.note}` : ''}`)));
  $('#detail-title').focus();
}

// Another dossier opened: the outcome of a step on the previous one no longer speaks of what is shown.
function openAnother(code) {
  showMessage($('#detail-result'), 'info', '');
  return openDossier(code);
}

async function printSlip(href) {
  try {
    await openSignedFile(href);
  } catch (error) {
    showMessage($('#detail-result'), 'error', error.message);
  }
}

/** The control of a step's input, by the kind the server gives it. */
function stepInput(input) {
  const common = { id: `step-${input.name}`, name: input.name, required: input.required };
  switch (input.kind) {
    case 'LongText':
      return el('textarea', { ...common, maxlength: input.maxLength });
    case 'DateTime':
      return el('input', { ...common, type: 'datetime-local' });
    case 'Choice':
      return el('select', common, el('option', { value: '' }, '— Chọn —'), ...input.choices.map((c) => el('option', { value: c.value }, c.label)));
    default:
      return el('input', { ...common, type: 'text', maxlength: input.maxLength });
  }
}

function askFor(offer) {
  const dialog = $('#step-dialog');
  $('#step-title').textContent = offer.label;
  $('#step-fields').replaceChildren(...offer.inputs.map((input) => el('div', { class: 'field' },
    el('label', { for: `step-${input.name}` }, input.label, input.required ? '' : el('span', { class: 'hint' }, 'không bắt buộc')),
    stepInput(input))));
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (dialog.returnValue !== 'ok') {
        resolve(null);
        return;
      }
      const values = {};
      for (const input of offer.inputs) {
        const value = $(`#step-${input.name}`).value.trim();
        // A new appointment goes as the office's date and time (yyyy-MM-ddTHH:mm): the engine reads it in the office's time zone.
        if (value) values[input.name] = value;
      }
      resolve(values);
    }, { once: true });
    dialog.showModal();
  });
}

async function takeStep(code, offer) {
  const values = offer.inputs.length ? await askFor(offer) : {};
  if (values === null) return;
  const answer = await api(offer.href, { json: values, method: offer.method, key: crypto.randomUUID() });
  if (answer.status >= 400) {
    showMessage($('#detail-result'), 'error', describe(answer));
    return;
  }
  showMessage($('#detail-result'), 'success', `${offer.label}: đã xong. Trạng thái: ${answer.body.statusName}.`);
  await refreshOpen();
  await openDossier(code);
}

bindSignIn(signIn, signOut);
$('#refresh').addEventListener('click', () => refreshOpen());
$('#procedure').addEventListener('change', renderForm);
$('#new-dossier').addEventListener('submit', submitDossier);
const saved = savedToken();
if (saved) signIn(saved).catch((error) => signOut(error.message));
