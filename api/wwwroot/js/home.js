// The home page: the dossier look-up goes to the citizen's status page, the office picker to the lobby board.
import { requestJson, el } from './site.js';

const lookup = document.getElementById('lookup-form');
lookup.addEventListener('submit', event => {
  event.preventDefault();
  const code = document.getElementById('lookup-code').value.trim().toUpperCase();
  if (code) location.assign(`/tra-cuu/${encodeURIComponent(code)}`);
});

const board = document.getElementById('board-form');
board.addEventListener('submit', event => {
  event.preventDefault();
  location.assign(`/bang/${encodeURIComponent(document.getElementById('board-office').value)}`);
});

// The office list comes from the reference data; the district stays as the choice until it arrives.
const select = document.getElementById('board-office');
requestJson('/api/public/offices').then(({ status, body }) => {
  if (status !== 200 || !Array.isArray(body)) return;
  const chosen = select.value;
  select.replaceChildren(...body.map(office => el('option', { value: office.code, selected: office.code === chosen }, office.name)));
}).catch(() => { /* the district remains selectable */ });
