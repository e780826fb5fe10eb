// The district administrators' page: sign in, then one part of the reference data at a time — the holiday calendar,
// the offices and their working time, the procedure catalogue, the rule set — each opened from the page's section
// navigation (#lich, #don-vi, #thu-tuc, #quy-tac) as a fresh copy of its template, and below them the versions' audit
// trail. The page decides nothing: every check, every message and the names of the values come from the API.
import { Roles, bindSignIn, decodeToken, saveToken, savedToken, showSignedIn, showSignedOut, staffApi } from './auth.js';
import { el, formatDateTime, showMessage } from './site.js';
import * as calendar from './admin-calendar.js';
import * as offices from './admin-offices.js';
import * as procedures from './admin-procedures.js';
import * as ruleSet from './admin-ruleset.js';

const Sections = { lich: calendar, 'don-vi': offices, 'thu-tuc': procedures, 'quy-tac': ruleSet };
const $ = (selector) => document.querySelector(selector);
const { api, apiOk } = staffApi(signOut);
let signedIn = false;

/**
 * What the parts share: the signed requests, the offices by code, the clocks an effective date is read on, the
 * calendar's coverage, and the page's coverage warning and versions list to refresh.
 */
const context = { api, apiOk, offices: new Map(), timeZone: null, zoneName: '', coverage: null, showCoverage, showVersions };

function signOut(message) {
  signedIn = false;
  showMessage($('#coverage-warning'), 'warning', '');
  $('#panel').replaceChildren();
  showSignedOut('Dành cho quản trị viên cấp huyện', message);
}

function showCoverage(coverage) {
  context.coverage = coverage;
  showMessage($('#coverage-warning'), 'warning', coverage.warning ?? '');
}

async function signIn(token) {
  const user = decodeToken(token);
  saveToken(token);
  // A user the administration refuses (403) is told why, in the server's words, and stays signed out.
  const versions = await apiOk('/api/admin/reference/versions');
  context.offices = new Map((await apiOk('/api/offices')).map((o) => [o.code, o]));
  const own = context.offices.get(user.office) ?? [...context.offices.values()][0];
  context.timeZone = own.timeZone;
  context.zoneName = `${own.name} (${own.timeZone})`;
  showCoverage(await apiOk('/api/calendar/coverage'));
  showSignedIn(`${user.name} — ${Roles[user.role] ?? user.role}, ${user.districtWide ? 'toàn huyện' : own.name}`);
  signedIn = true;
  showVersionRows(versions);
  await openSection(false);
}

// Opens the part the address names (the calendar by default), in place of the one open.
async function openSection(moved) {
  if (!signedIn) return;
  const name = Object.hasOwn(Sections, location.hash.slice(1)) ? location.hash.slice(1) : 'lich';
  const link = document.querySelector(`nav.sections a[href="#${name}"]`);
  document.querySelectorAll('nav.sections a').forEach((a) => (a === link ? a.setAttribute('aria-current', 'page') : a.removeAttribute('aria-current')));
  $('#section-title').textContent = link.textContent;
  document.title = `${link.textContent} — Quản trị dữ liệu danh mục`;
  const panel = el('div', { class: 'section', 'data-section': name }, document.querySelector(`#section-${name}`).content.cloneNode(true));
  $('#panel').replaceChildren(panel);
  if (moved) $('#section-title').focus();
  await Sections[name].open(panel, context);
}

function showVersionRows(versions) {
  $('#versions tbody').replaceChildren(...versions.map((v) => el('tr', { 'data-version': v.number },
    el('td', { class: 'number' }, v.number),
    el('td', {}, formatDateTime(v.effectiveFrom)),
    el('td', {}, formatDateTime(v.savedAt)),
    el('td', {}, v.author),
    el('td', {}, v.reason),
    el('td', {}, v.basis ?? '—'),
    el('td', {}, v.summary),
    el('td', {},
      v.inForce ? el('span', { class: 'badge not-yet-due' }, 'Đang áp dụng') : '',
      v.pending ? el('span', { class: 'badge nearly-late' }, 'Chờ áp dụng') : ''),
    el('td', {}, revisionsCell(v.revisions)))));
}

// Where a version's revisions of open dossiers stand: due at its instant, done, or tried again for those that failed.
function revisionsCell(revisions) {
  if (!revisions) return '—';
  if (revisions.waiting && revisions.attempts === 0) return `Tính lại hạn hồ sơ lúc ${formatDateTime(revisions.nextAttemptAt)}`;
  const done = `Đã điều chỉnh hạn ${revisions.revised} hồ sơ`;
  if (!revisions.waiting) return `${done}.`;
  return el('div', {},
    `${done}; ${revisions.failures.length} hồ sơ chưa điều chỉnh được, thử lại lúc ${formatDateTime(revisions.nextAttemptAt)}:`,
    el('ul', {}, ...revisions.failures.map((failure) => el('li', {}, failure.detail))));
}

async function showVersions() {
  try {
    showVersionRows(await apiOk('/api/admin/reference/versions'));
    showMessage($('#versions-message'), 'error', '');
  } catch (error) {
    showMessage($('#versions-message'), 'error', error.message);
  }
}

bindSignIn(signIn, signOut);
window.addEventListener('hashchange', () => openSection(true).catch((error) => showMessage($('#versions-message'), 'error', error.message)));
const saved = savedToken();
if (saved) signIn(saved).catch((error) => signOut(error.message));
