// Fetchdeck browser capture: takes over the downloads the user starts and hands them to
// Fetchdeck through its native messaging host, with the download's cookies (for its own site
// only), referrer, user agent and the file name the browser chose. Whatever Fetchdeck cannot
// take stays with the browser, and the popup says why.
'use strict';
if (typeof importScripts === 'function') importScripts('rules.js'); // Chromium's service worker

const api = globalThis.browser ?? globalThis.chrome;
const HOST = 'io.github.fetchdeck.host';
const BYPASS_MS = 10000; // an Alt+click counts for the download that follows it
const bypass = new Map(); // url -> until (ms)

async function settings() {
  return api.storage.local.get(FetchdeckRules.DEFAULTS);
}

// The outcome the popup shows: the last hand-over, or why it failed.
async function remember(ok, text) {
  await api.storage.local.set({ status: { ok, text, when: Date.now() } });
}

async function cookiesFor(url) {
  try {
    return await api.cookies.getAll({ url });
  } catch {
    return []; // a cookie store the browser will not give: the download goes without
  }
}

function wasBypassed(item) {
  const now = Date.now();
  for (const [url, until] of bypass) if (until < now) bypass.delete(url);
  return bypass.delete(item.url) || bypass.delete(item.finalUrl);
}

// Sends requests to the host; resolves to its answers, or throws why it cannot be reached.
async function send(messages) {
  if (messages.length === 1) return [await api.runtime.sendNativeMessage(HOST, messages[0])];
  // Many at once go over one connection, so one host hands them over together.
  return new Promise((resolve, reject) => {
    const port = api.runtime.connectNative(HOST);
    const answers = [];
    port.onMessage.addListener((answer) => {
      answers.push(answer);
      if (answers.length === messages.length) {
        port.disconnect();
        resolve(answers);
      }
    });
    port.onDisconnect.addListener((p) => {
      const error = (p && p.error) || api.runtime.lastError;
      reject(new Error((error && error.message) || 'the host closed the connection'));
    });
    for (const m of messages) port.postMessage(m);
  });
}

// Hands one download over: true when Fetchdeck took it.
async function handOver(item) {
  const url = item.finalUrl || item.url;
  const request = FetchdeckRules.requestFor(item, await cookiesFor(url), navigator.userAgent);
  try {
    const [answer] = await send([request]);
    if (answer && answer.ok === true) {
      await remember(true, `Sent to Fetchdeck: ${request.filename || url}`);
      return true;
    }
    await remember(false, `Fetchdeck refused ${url}: ${(answer && answer.error) || 'no answer'}`);
  } catch (e) {
    await remember(false, `Fetchdeck could not be reached (${e.message}); the browser downloads instead.`);
  }
  return false;
}

async function takeFromBrowser(id) {
  try {
    await api.downloads.cancel(id);
  } catch {}
  try {
    await api.downloads.erase({ id });
  } catch {}
}

async function decide(item) {
  const why = FetchdeckRules.leaveToBrowser(item, await settings(), wasBypassed(item));
  return why === '' && (await handOver(item));
}

if (api.downloads.onDeterminingFilename) {
  // Chromium: the download waits for its name, so the browser's copy never lands on disk when
  // Fetchdeck takes it, and goes on untouched when it does not.
  api.downloads.onDeterminingFilename.addListener((item, suggest) => {
    decide(item)
      .then((taken) => (taken ? takeFromBrowser(item.id) : suggest()))
      .catch(() => suggest());
    return true; // suggest() is called later
  });
} else {
  // Firefox: the download has begun; it is canceled once Fetchdeck took it.
  api.downloads.onCreated.addListener((item) => {
    decide(item).then((taken) => taken && takeFromBrowser(item.id));
  });
}

api.runtime.onMessage.addListener((message, sender, reply) => {
  if (message && message.type === 'bypass' && FetchdeckRules.isHttp(message.url)) {
    bypass.set(message.url, Date.now() + BYPASS_MS);
    return false;
  }
  if (message && message.type === 'sendLinks') {
    sendLinks(message.links).then(reply, (e) => reply({ sent: 0, error: e.message }));
    return true;
  }
  if (message && message.type === 'ping') {
    send([{ type: 'ping' }])
      .then(([a]) => reply(a || { ok: false, error: 'no answer' }))
      .catch((e) => reply({ ok: false, error: e.message }));
    return true;
  }
  return false;
});

// "Send links to files on this page": each with the cookies of its own site.
async function sendLinks(hrefs) {
  const links = FetchdeckRules.fileLinks(hrefs || []);
  if (links.length === 0) return { sent: 0 };
  const messages = [];
  for (const url of links)
    messages.push(FetchdeckRules.requestFor({ url }, await cookiesFor(url), navigator.userAgent));
  const answers = await send(messages);
  const sent = answers.filter((a) => a && a.ok === true).length;
  await remember(sent > 0, `Sent ${sent} of ${links.length} links to Fetchdeck`);
  return { sent, total: links.length };
}
