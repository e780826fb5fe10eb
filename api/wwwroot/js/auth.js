// Signing in on the staff pages: a bearer token pasted once per browser session, its claims read to greet the user
// (the server checks the token itself), and requests signed with it.
import { requestJson, showMessage } from './site.js';

const TokenKey = 'caseengine.token';

export const Roles = {
  CounterOfficer: 'Cán bộ một cửa', Volunteer: 'Tình nguyện viên', Specialist: 'Chuyên viên', Leader: 'Lãnh đạo',
  Administrator: 'Quản trị viên', PortalClient: 'Cổng dịch vụ công',
};

/** The user of a token: { id, name, role, office, districtWide, expires }. */
export function decodeToken(token) {
  const part = token.split('.')[1];
  if (!part) throw new Error('Mã đăng nhập không đúng định dạng.');
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))));
  const expires = claims.exp ? claims.exp * 1000 : null;
  if (expires && expires < Date.now()) throw new Error('Mã đăng nhập đã hết hạn.');
  return {
    id: claims.sub, name: claims.name ?? claims.sub, role: claims.role, office: claims.office,
    districtWide: String(claims.scope ?? '').split(' ').includes('district'), expires,
  };
}

export const savedToken = () => sessionStorage.getItem(TokenKey);
export const saveToken = (token) => sessionStorage.setItem(TokenKey, token);
export const forgetToken = () => sessionStorage.removeItem(TokenKey);

/** A problem answer in one line: its detail, then every field error, once each. */
export function describe(answer) {
  const problem = answer.body ?? {};
  const fields = Object.values(problem.errors ?? {}).flat();
  return [problem.detail ?? problem.title ?? `Lỗi ${answer.status}`, ...fields].filter((m, i, all) => m && all.indexOf(m) === i).join(' ');
}

/**
 * A request signed with the saved token; resolves to { status, body, headers } like requestJson. A `file` (a Blob) is
 * sent as the body as it is, with its `type` as the Content-Type.
 */
export function signedRequest(url, { json, method, key, file, type } = {}) {
  const headers = { Authorization: `Bearer ${savedToken()}` };
  if (key) headers['Idempotency-Key'] = key;
  if (file) headers['Content-Type'] = type ?? file.type;
  return requestJson(url, { headers, json, method, ...(file ? { body: file } : {}) });
}

/** What a staff page says when the server refuses its token (401). */
export const SignInAgain = 'Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại.';

/**
 * A staff page's signed requests, a refused token (401) signing the page out through `signOut`: `api` resolves to
 * { status, body, headers } whatever the status; `apiOk` to the body of a success, or rejects with the problem in one
 * line.
 */
export function staffApi(signOut) {
  const api = async (url, options) => {
    const answer = await signedRequest(url, options);
    if (answer.status === 401) signOut(SignInAgain);
    return answer;
  };
  const apiOk = async (url) => {
    const answer = await api(url);
    if (answer.status === 401) throw new Error(SignInAgain);
    if (answer.status >= 400) throw new Error(describe(answer));
    return answer.body;
  };
  return { api, apiOk };
}

/** Shows a staff page signed in as `who` (in #who): its #desk instead of #sign-in. */
export function showSignedIn(who) {
  showSession(true, who, '');
}

/** Forgets the token and shows the page's #sign-in with `message`, #who back to the page's `subtitle`. */
export function showSignedOut(subtitle, message) {
  forgetToken();
  showSession(false, subtitle, message ?? '');
}

function showSession(signedIn, who, message) {
  document.querySelector('#sign-in').hidden = signedIn;
  document.querySelector('#desk').hidden = !signedIn;
  document.querySelector('#sign-out').hidden = !signedIn;
  document.querySelector('#who').textContent = who;
  showMessage(document.querySelector('#sign-in-message'), 'error', message);
}

/** Downloads a signed file (a slip, an export) and opens or saves it. */
export async function openSignedFile(url, fileName) {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${savedToken()}` } });
  if (!response.ok) throw new Error(`Không tải được tệp (${response.status}).`);
  const link = URL.createObjectURL(await response.blob());
  if (fileName) {
    const anchor = Object.assign(document.createElement('a'), { href: link, download: fileName });
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
  } else {
    window.open(link, '_blank', 'noopener');
  }
}

/**
 * Wires a staff page's sign-in form (#sign-in-form with #token) and its #sign-out button: a refused token signs out
 * with the reason. A sign-in button the page disables until now (its scripts wait for the API's words) is enabled:
 * sent before, the form would go to the address bar and be lost.
 */
export function bindSignIn(signIn, signOut) {
  const token = document.querySelector('#token');
  const form = document.querySelector('#sign-in-form');
  form.querySelectorAll('button[type="submit"]').forEach((button) => { button.disabled = false; });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await signIn(token.value.trim());
      token.value = '';
    } catch (error) {
      signOut(error.message);
    }
  });
  document.querySelector('#sign-out').addEventListener('click', () => signOut());
}
