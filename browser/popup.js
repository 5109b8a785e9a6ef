// The toolbar popup: capture on/off, what to leave to the browser, "send links to files on
// this page", and the last outcome (or why Fetchdeck could not be reached).
'use strict';
const api = globalThis.browser ?? globalThis.chrome;
const fields = ['enabled', 'minSizeKiB', 'skipTypes', 'skipSites'];
const $ = (id) => document.getElementById(id);

function show(ok, text) {
  $('status').textContent = text;
  $('status').className = ok ? '' : 'bad';
}

async function load() {
  const s = await api.storage.local.get({ ...FetchdeckRules.DEFAULTS, status: null });
  $('enabled').checked = s.enabled;
  $('minSizeKiB').value = s.minSizeKiB;
  $('skipTypes').value = s.skipTypes;
  $('skipSites').value = s.skipSites;
  $('rules').disabled = !s.enabled;
  if (s.status) show(s.status.ok, `${new Date(s.status.when).toLocaleTimeString()}: ${s.status.text}`);
  // Is Fetchdeck there? Said at once, before a download finds out.
  const answer = await api.runtime.sendMessage({ type: 'ping' });
  if (!answer || answer.ok !== true)
    show(false, `Fetchdeck cannot be reached: ${(answer && answer.error) || 'no answer'}. ` +
      'Downloads stay with the browser. Run "fetchdeck --install-browser-host" once.');
  else if (!s.status) show(true, `Fetchdeck ${answer.version || ''} is ready.`);
}

async function save() {
  const minSize = Math.max(0, Math.floor(Number($('minSizeKiB').value) || 0));
  await api.storage.local.set({
    enabled: $('enabled').checked,
    minSizeKiB: minSize,
    skipTypes: $('skipTypes').value.trim(),
    skipSites: $('skipSites').value.trim(),
  });
  $('rules').disabled = !$('enabled').checked;
}

async function sendLinks() {
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  const [frame] = await api.scripting.executeScript({
    target: { tabId: tab.id },
    func: () => Array.from(document.links, (a) => a.href),
  });
  const result = await api.runtime.sendMessage({
    type: 'sendLinks',
    links: frame.result || [],
    page: tab.url,
    storeId: tab.cookieStoreId, // Firefox's container of the tab
    incognito: tab.incognito,
  });
  if (result.error) show(false, `Not sent: ${result.error}`);
  else if (!result.total) show(false, 'No links to files on this page.');
  else show(result.sent > 0, `Sent ${result.sent} of ${result.total} links to Fetchdeck.`);
}

for (const id of fields) $(id).addEventListener('change', save);
$('sendLinks').addEventListener('click', () => sendLinks().catch((e) => show(false, e.message)));
load();
