// The citizen's status page (/tra-cuu/{code}, the QR code on the slips): the citizen gives the last 4 digits of
// their phone and sees the status, the timeline and the due time; once the result is returned, they rate the service.
import { el, formatDateTime, requestJson, SATISFACTION, showMessage } from './site.js';

const CODE = /^[A-Za-z0-9.]{1,20}-\d{6}-\d{4}$/;
const fromPath = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '').trim().toUpperCase();

const form = document.getElementById('ask-form');
const codeInput = document.getElementById('code');
const phoneInput = document.getElementById('phone4');
const askMessage = document.getElementById('ask-message');
const askButton = document.getElementById('ask-button');

let code = fromPath;
let phone4 = '';

if (fromPath) {
  // The code came with the address (the QR code): it is shown, not asked.
  document.getElementById('code-field').hidden = true;
  codeInput.required = false;
  document.getElementById('code-shown').hidden = false;
  document.getElementById('code-text').textContent = fromPath;
  document.title = `Tra cứu hồ sơ ${fromPath} — Bộ phận Một cửa`;
}

function failure(status, headers, subject) {
  switch (status) {
    case 404: return subject === 'rating'
      ? 'Không tìm thấy hồ sơ để đánh giá. Vui lòng tra cứu lại.'
      : 'Không tìm thấy hồ sơ. Mã hồ sơ hoặc 4 số cuối điện thoại không đúng — vui lòng kiểm tra lại phiếu tiếp nhận.';
    case 429: {
      const seconds = Number(headers?.get('Retry-After')) || 60;
      return `Bạn đã thao tác quá nhiều lần. Vui lòng thử lại sau ${seconds >= 60 ? `${Math.round(seconds / 60)} phút` : `${seconds} giây`}.`;
    }
    case 400: return 'Thông tin chưa đúng: mã hồ sơ có dạng 018-220913-0001 và 4 số cuối điện thoại gồm đúng 4 chữ số.';
    case 0: return 'Không kết nối được với hệ thống. Vui lòng kiểm tra mạng và thử lại.';
    default: return 'Hệ thống đang bận. Vui lòng thử lại sau ít phút.';
  }
}

form.addEventListener('submit', async event => {
  event.preventDefault();
  const wanted = fromPath || codeInput.value.trim().toUpperCase();
  const digits = phoneInput.value.trim();
  if (!CODE.test(wanted)) {
    showMessage(askMessage, 'error', 'Mã hồ sơ chưa đúng. Mã hồ sơ có dạng 018-220913-0001, in trên phiếu tiếp nhận.');
    (fromPath ? phoneInput : codeInput).focus();
    return;
  }
  if (!/^\d{4}$/.test(digits)) {
    showMessage(askMessage, 'error', 'Vui lòng nhập đúng 4 chữ số cuối của số điện thoại.');
    phoneInput.focus();
    return;
  }
  askButton.disabled = true;
  showMessage(askMessage, 'info', '');
  try {
    const { status, body, headers } = await requestJson(`/api/public/dossiers/${encodeURIComponent(wanted)}?phone4=${encodeURIComponent(digits)}`);
    if (status !== 200) {
      document.getElementById('result').hidden = true;
      showMessage(askMessage, 'error', failure(status, headers, 'status'));
      phoneInput.focus();
      return;
    }
    code = wanted;
    phone4 = digits;
    await show(body);
  } catch {
    showMessage(askMessage, 'error', failure(0));
  } finally {
    askButton.disabled = false;
  }
});

async function nameOf(url, fallback) {
  try {
    const { status, body } = await requestJson(url);
    return status === 200 ? body : fallback;
  } catch { return fallback; }
}

async function show(view) {
  const [offices, procedure] = await Promise.all([
    nameOf('/api/public/offices', []),
    nameOf(`/api/public/procedures/${encodeURIComponent(view.procedureCode)}`, null),
  ]);
  const office = offices.find(o => o.code === view.officeCode);

  const card = document.querySelector('.status-card');
  card.classList.toggle('done', view.status === 'Returned' || view.status === 'ResultReady');
  card.classList.toggle('stopped', ['RefusedAtReception', 'Withdrawn', 'Stopped'].includes(view.status));
  document.getElementById('status-title').textContent = view.statusName;

  // The engine gives the times in order: received, counted from (only when later), the appointment, the result.
  const time = (instant) => el('time', { datetime: instant }, formatDateTime(instant));
  const facts = [
    ['Mã hồ sơ', el('span', { class: 'code' }, view.code)],
    ['Thủ tục', procedure ? procedure.name : view.procedureCode],
    ['Nơi giải quyết', office ? office.name : view.officeCode],
    ['Tiếp nhận lúc', view.receivedAt ? time(view.receivedAt) : 'Chưa tiếp nhận'],
  ];
  if (view.countedFrom) facts.push(['Thời gian giải quyết tính từ', time(view.countedFrom)]);
  if (view.allottedWording) facts.push(['Thời gian giải quyết', view.allottedWording]);
  facts.push(['Hẹn trả kết quả', view.appointmentAt ? time(view.appointmentAt) : '—']);
  if (view.completedAt) facts.push(['Có kết quả lúc', time(view.completedAt)]);
  document.getElementById('facts').replaceChildren(...facts.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));

  document.getElementById('timeline').replaceChildren(...view.timeline.map(step => {
    return el('li', {}, el('span', { class: 'step' }, step.name), el('time', { datetime: step.at }, formatDateTime(step.at)));
  }));

  showRating(view);
  document.getElementById('result').hidden = false;
  document.getElementById('status-title').focus();
}

const ratingForm = document.getElementById('rating-form');
const ratingMessage = document.getElementById('rating-message');

function showRating(view) {
  const rating = document.getElementById('rating');
  rating.hidden = view.status !== 'Returned';
  if (view.rated) {
    ratingForm.hidden = true;
    document.getElementById('rating-intro').textContent = 'Bạn đã đánh giá việc giải quyết hồ sơ này. Cảm ơn bạn!';
  } else {
    ratingForm.hidden = false;
    showMessage(ratingMessage, 'info', '');
  }
}

ratingForm.addEventListener('submit', async event => {
  event.preventDefault();
  const chosen = ratingForm.querySelector('input[name="satisfaction"]:checked');
  if (!chosen) {
    showMessage(ratingMessage, 'error', 'Vui lòng chọn một mức độ hài lòng.');
    document.getElementById('rate-satisfied').focus();
    return;
  }
  const button = document.getElementById('rating-button');
  button.disabled = true;
  try {
    const comment = document.getElementById('comment').value.trim();
    const { status, headers } = await requestJson(`/api/public/dossiers/${encodeURIComponent(code)}/rating`, {
      json: { phone4, satisfaction: chosen.value, comment: comment || null },
    });
    if (status === 204) {
      ratingForm.hidden = true;
      document.getElementById('rating-intro').textContent = `Bạn đã đánh giá: ${SATISFACTION[chosen.value]}.`;
      showMessage(ratingMessage, 'success', 'Cảm ơn bạn đã đánh giá! Ý kiến của bạn được gửi tới Bộ phận Một cửa.');
    } else if (status === 422 || status === 409) {
      ratingForm.hidden = true;
      showMessage(ratingMessage, 'warning', status === 422
        ? 'Hồ sơ này đã được đánh giá trước đó. Mỗi hồ sơ chỉ được đánh giá một lần.'
        : 'Hồ sơ chưa trả kết quả nên chưa thể đánh giá.');
    } else {
      showMessage(ratingMessage, 'error', failure(status, headers, 'rating'));
    }
  } catch {
    showMessage(ratingMessage, 'error', failure(0));
  } finally {
    button.disabled = false;
  }
});
