// The rule set part of the administrators' page: the rule set in force — fast-track time, nearly-late share, overdue
// escalation, supplement policy, late fast-track reception, cut-off, its name, version and legal basis — edited and
// saved now or from a later instant; a version saved for later is shown waiting for its day.
import { WORDING, showMessage } from './site.js';
import { addChangeFields, changeOf, choices, clearChange, numberOf, read, savedText, send, versionText } from './admin-common.js';

/** Opens the rule set in `root` (a copy of its template). */
export function open(root, context) {
  const $ = (selector) => root.querySelector(selector);
  const words = WORDING.reference;
  const form = $('#ruleset-form');
  let view = null; // the rule set as read, with its version
  addChangeFields(form, context);
  const supplement = choices($('#ruleset-supplement'), 'radio', 'supplementPolicy', words.supplementPolicies);
  const late = choices($('#ruleset-late'), 'radio', 'lateFastTrackReception', words.lateFastTrackReceptions);

  async function load() {
    const answer = await read(context, '/api/admin/ruleset', $('#ruleset-message'));
    if (!answer) return;
    view = answer;
    const rules = view.ruleSet;
    $('#ruleset-version').textContent = versionText(view.version);
    $('#ruleset-code').value = rules.version ?? '';
    $('#ruleset-name').value = rules.name ?? '';
    $('#ruleset-legal-basis').value = rules.basis ?? '';
    $('#ruleset-fast-track').value = rules.fastTrackWorkingMinutes ?? '';
    $('#ruleset-nearly-late').value = rules.nearlyLateFraction ?? '';
    $('#ruleset-escalation').value = rules.overdueEscalationWorkingMinutes ?? '';
    supplement.set(rules.supplementPolicy);
    late.set(rules.lateFastTrackReception);
    $('#ruleset-cut-off').value = rules.fastTrackCutOff ?? '';
    clearChange(form);
  }

  function request() {
    const cutOff = $('#ruleset-cut-off').value;
    return {
      version: $('#ruleset-code').value,
      name: $('#ruleset-name').value,
      legalBasis: $('#ruleset-legal-basis').value,
      fastTrackWorkingMinutes: numberOf($('#ruleset-fast-track')),
      nearlyLateFraction: numberOf($('#ruleset-nearly-late')),
      overdueEscalationWorkingMinutes: numberOf($('#ruleset-escalation')),
      supplementPolicy: supplement.value(),
      lateFastTrackReception: late.value(),
      fastTrackCutOff: cutOff.trim() === '' ? null : cutOff,
      ...changeOf(form, context),
      baseVersion: view.version.latestVersion,
    };
  }

  async function save() {
    const answer = await send(context, form, $('#ruleset-message'), '/api/admin/ruleset', { method: 'PUT', json: request() });
    if (!answer) return;
    showMessage($('#ruleset-saved'), 'success', savedText(answer));
    await Promise.all([load(), context.showVersions()]);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save();
  });
  return load();
}
