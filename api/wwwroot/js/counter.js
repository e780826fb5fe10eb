// The counter page: sign in with a token, enter a dossier for the citizen ("no writing"), watch the office's open
// dossiers with the working time they have left, take the steps the user's role allows, print the slips.
import { Roles, bindSignIn, decodeToken, describe, forgetToken, openSignedFile, saveToken, savedToken, signedRequest } from './auth.js';
import { BUCKETS, el, formatDateTime, nowIn, showMessage } from './site.js';

const RefreshSeconds = 30;

const OpenStatuses = new Set(['Draft', 'Received', 'InProcessing', 'AwaitingSignature', 'SupplementRequested', 'PaymentRequired', 'ResultReady']);

// Each step the counter can ask for: its button, its address, and what it asks the user for.
const Steps = {
  Receive: { label: 'Tiếp nhận', path: 'receive', fields: [] },
  Refuse: { label: 'Từ chối tiếp nhận (mẫu 03)', path: 'refuse', fields: ['reason'] },
  Forward: { label: 'Chuyển xử lý', path: 'forward', fields: ['to'] },
  SubmitForSignature: { label: 'Trình ký', path: 'submit-for-signature', fields: ['to'] },
  ApproveResult: { label: 'Ký duyệt kết quả', path: 'approve', fields: [] },
  ReturnResult: { label: 'Trả kết quả', path: 'return', fields: [] },
  RequestSupplement: { label: 'Yêu cầu bổ sung (mẫu 02)', path: 'request-supplement', fields: ['reason'] },
  ResubmitSupplement: { label: 'Nhận hồ sơ bổ sung', path: 'resubmit-supplement', fields: [] },
  RequirePayment: { label: 'Yêu cầu nộp phí, thuế', path: 'require-payment', fields: ['reason'] },
  ConfirmPayment: { label: 'Đã nộp phí, thuế', path: 'confirm-payment', fields: [] },
  Withdraw: { label: 'Công dân rút hồ sơ', path: 'withdraw', fields: ['reason'] },
  Stop: { label: 'Dừng xử lý', path: 'stop', fields: ['reason'] },
  IssueApology: { label: 'Xin lỗi, hẹn lại (mẫu 04)', path: 'apology', fields: ['reason', 'newAppointment'] },
};
const FieldLabels = { reason: 'Lý do (ghi cho công dân)', to: 'Chuyển cho (tài khoản người nhận)', newAppointment: 'Ngày giờ hẹn mới' };

const $ = (selector) => document.querySelector(selector);
const SignInAgain = 'Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại.';
let user = null;
let procedures = new Map();
let refreshTimer = null;

/** A signed request; a 401 signs the user out. Resolves to { status, body }. */
async function api(url, { json, method, key } = {}) {
  const answer = await signedRequest(url, { json, method, key });
  if (answer.status === 401) signOut(SignInAgain);
  return answer;
}

async function apiOk(url) {
  const answer = await api(url);
  if (answer.status === 401) throw new Error(SignInAgain);
  if (answer.status >= 400) throw new Error(describe(answer));
  return answer.body;
}

function signOut(message) {
  forgetToken();
  user = null;
  clearInterval(refreshTimer);
  $('#sign-in').hidden = false;
  $('#desk').hidden = true;
  $('#sign-out').hidden = true;
  $('#who').textContent = 'Bộ phận Một cửa';
  showMessage($('#sign-in-message'), 'error', message ?? '');
}

async function signIn(token) {
  user = decodeToken(token);
  saveToken(token);
  const office = await apiOk(`/api/offices/${encodeURIComponent(user.office)}`);
  user.level = office.level;
  user.timeZone = office.timeZone;
  user.fastTrackPromise = office.fastTrackPromise;
  $('#who').textContent = `${user.name} — ${Roles[user.role] ?? user.role}, ${office.name}`;
  $('#sign-in').hidden = true;
  $('#desk').hidden = false;
  $('#sign-out').hidden = false;
  $('#entry').hidden = !['CounterOfficer', 'Volunteer'].includes(user.role);
  $('#submit-dossier').textContent = user.role === 'Volunteer' ? 'Lưu hồ sơ chờ tiếp nhận' : 'Tiếp nhận hồ sơ';
  showMessage($('#sign-in-message'), 'error', '');
  await loadProcedures();
  await refreshOpen();
  clearInterval(refreshTimer);
  refreshTimer = setInterval(() => refreshOpen().catch(() => {}), RefreshSeconds * 1000);
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
  $('#form-inputs').replaceChildren(...(procedure?.form ?? []).map((field) => {
    const id = `f-${field.name}`;
    const input = field.type === 'Choice'
      ? el('select', { id, name: field.name, required: field.required, 'data-form-field': field.name },
        el('option', { value: '' }, '— Chọn —'), ...field.choices.map((c) => el('option', { value: c }, c)))
      : el('input', {
        id, name: field.name, required: field.required, 'data-form-field': field.name,
        type: field.type === 'Date' ? 'date' : 'text',
        inputmode: field.type === 'Number' ? 'numeric' : null,
        maxlength: field.type === 'Text' ? field.maxLength : null,
        autocomplete: 'off',
      });
    return el('div', { class: 'field' }, el('label', { for: id }, field.label, field.required ? '' : el('span', { class: 'hint' }, 'không bắt buộc')), input);
  }));
}

function clearFieldErrors(form) {
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach((e) => { e.removeAttribute('aria-invalid'); e.removeAttribute('aria-describedby'); });
}

function showFieldErrors(form, errors) {
  const ids = { 'applicant.fullName': 'fullName', 'applicant.citizenId': 'citizenId', 'applicant.phone': 'phone', 'applicant.address': 'address', procedureCode: 'procedure' };
  for (const [field, messages] of Object.entries(errors ?? {})) {
    const id = ids[field] ?? (field.startsWith('form.') ? `f-${field.slice(5)}` : null);
    const input = id && form.querySelector(`#${CSS.escape(id)}`);
    if (!input) continue;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${id}-error`);
    input.after(el('p', { class: 'field-error', id: `${id}-error` }, messages.join(' ')));
  }
}

async function submitDossier(event) {
  event.preventDefault();
  const form = event.target;
  clearFieldErrors(form);
  const values = Object.fromEntries([...form.querySelectorAll('[data-form-field]')]
    .filter((input) => input.value.trim()).map((input) => [input.dataset.formField, input.value.trim()]));
  const json = {
    procedureCode: form.procedure.value || null,
    applicant: { fullName: form.fullName.value, citizenId: form.citizenId.value, phone: form.phone.value, address: form.address.value },
    consent: form.consent.value,
    form: values,
  };
  // One key per dossier entered: a double click or a retry after a lost answer creates it once.
  form.dataset.key ??= crypto.randomUUID();
  const url = `/api/offices/${encodeURIComponent(user.office)}/dossiers${user.role === 'Volunteer' ? '/drafts' : ''}`;
  const answer = await api(url, { json, key: form.dataset.key });
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
      el('td', {}, el('button', { type: 'button', class: 'secondary', 'aria-label': `Mở hồ sơ ${entry.code}`, onclick: () => openDossier(entry.code) }, 'Mở')));
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
    ['Hẹn trả', dossier.appointmentAt ? formatDateTime(dossier.appointmentAt) : '—'],
  ];
  $('#detail-facts').replaceChildren(...facts.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
  $('#actions').replaceChildren(...(mine.length
    ? mine.map((action) => el('button', { type: 'button', onclick: () => takeStep(code, action) }, Steps[action]?.label ?? action))
    : [el('p', { class: 'hint' }, 'Không có thao tác nào dành cho bạn ở bước này.')]));
  $('#slips').replaceChildren(...slips.filter((s) => s.available)
    .map((slip) => el('button', { type: 'button', class: 'secondary', onclick: () => printSlip(slip.href) }, `${slip.title} (${slip.form})`)));
  $('#timeline').replaceChildren(...history.map((step) => el('li', {},
    `${formatDateTime(step.at)} — ${step.name}${step.handOverTo ? ` → ${step.handOverTo}` : ''} (${step.actor})${step.note ? `: ${step.note}` : ''}`)));
  $('#detail-title').focus();
}

async function printSlip(href) {
  try {
    await openSignedFile(href);
  } catch (error) {
    showMessage($('#detail-result'), 'error', error.message);
  }
}

function askFor(step) {
  const dialog = $('#step-dialog');
  $('#step-title').textContent = step.label;
  $('#step-fields').replaceChildren(...step.fields.map((name) => el('div', { class: 'field' },
    el('label', { for: `step-${name}` }, FieldLabels[name]),
    name === 'reason'
      ? el('textarea', { id: `step-${name}`, name, required: true, maxlength: 2000 })
      : el('input', { id: `step-${name}`, name, required: true, type: name === 'newAppointment' ? 'datetime-local' : 'text' }))));
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (dialog.returnValue !== 'ok') {
        resolve(null);
        return;
      }
      // A new appointment goes as the office's date and time (yyyy-MM-ddTHH:mm): the engine reads it in the office's time zone.
      resolve(Object.fromEntries(step.fields.map((name) => [name, $(`#step-${name}`).value])));
    }, { once: true });
    dialog.showModal();
  });
}

async function takeStep(code, action) {
  const step = Steps[action];
  const values = step.fields.length ? await askFor(step) : {};
  if (values === null) return;
  const answer = await api(`/api/dossiers/${encodeURIComponent(code)}/${step.path}`, { json: values, key: crypto.randomUUID() });
  if (answer.status >= 400) {
    showMessage($('#detail-result'), 'error', describe(answer));
    return;
  }
  showMessage($('#detail-result'), 'success', `${step.label}: đã xong. Trạng thái: ${answer.body.statusName}.`);
  await refreshOpen();
  await openDossier(code);
}

bindSignIn(signIn, signOut);
$('#refresh').addEventListener('click', () => refreshOpen());
$('#procedure').addEventListener('change', renderForm);
$('#new-dossier').addEventListener('submit', submitDossier);
const saved = savedToken();
if (saved) signIn(saved).catch((error) => signOut(error.message));
