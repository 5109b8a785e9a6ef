// Fetchdeck browser capture: takes over the downloads the user starts and hands them to
// Fetchdeck through its native messaging host, with the download's cookies (for its own site
// only), referrer, user agent and the file name the browser chose. Whatever Fetchdeck cannot
// take stays with the browser, and the popup says why.
'use strict';
if (typeof importScripts === 'function') importScripts('rules.js'); // Chromium's service worker

const api = globalThis.browser ?? globalThis.chrome;
const HOST = 'io.github.fetchdeck.host';
const BYPASS_MS = 10000; // an Alt+click counts for the download that follows it
// The host answers within 11 s, a start of Fetchdeck included (HostBudgetMs in
// app/nativemessaging.h); past this the browser keeps the download. Chromium goes on with a
// download whose name no listener gave within about 15 s: a later answer would leave the user
// two copies.
const HOST_TIMEOUT_MS = 13000;
const LINKS_TIMEOUT_MS = 120000; // "Send links": the host reads them in pieces, 11 s each at most
const MAX_LINKS = 1000; // "send links to files on this page" at once
const bypass = new Map(); // url -> until (ms)
// The pages and frames asked for lately, by each address their requests went to (every hop of
// a redirect): a download that comes of a form sent (another method than GET) stays with the
// browser, and one that came through a frame goes with the cookies the browser itself sends
// there. Kept for minutes: a form's answer may take that long (a report made on demand).
const FRAME_MEMORY_MS = 5 * 60 * 1000;
const frames = new Map(); // url -> { method, frame, tabId, page, until }
const hops = new Map(); // requestId -> its first request's record, for its redirects

async function settings() {
  return api.storage.local.get(FetchdeckRules.DEFAULTS);
}

// The outcome the popup shows: the last hand-over, or why it failed.
async function remember(ok, text) {
  await api.storage.local.set({ status: { ok, text, when: Date.now() } });
}

// The cookies the browser holds for `url` (in Firefox, those of the download's container).
async function cookiesFor(url, storeId) {
  try {
    return await api.cookies.getAll(storeId ? { url, storeId } : { url });
  } catch {
    return []; // a cookie store the browser will not give: the download goes without
  }
}

if (api.webRequest) {
  const filter = { urls: ['<all_urls>'], types: ['main_frame', 'sub_frame'] };
  api.webRequest.onBeforeRequest.addListener((request) => {
    const now = Date.now();
    for (const [url, { until }] of frames) if (until < now) frames.delete(url);
    if (hops.size > 1000) hops.clear();
    const record = hops.get(request.requestId) || {
      method: request.method,
      frame: request.type === 'sub_frame',
      tabId: request.tabId,
      page: request.initiator || request.originUrl || '', // Chromium, Firefox
    };
    hops.set(request.requestId, record);
    frames.set(request.url, { ...record, until: now + FRAME_MEMORY_MS });
  }, filter);
  api.webRequest.onBeforeRedirect.addListener((request) => {
    const record = hops.get(request.requestId);
    if (record) frames.set(request.redirectUrl, { ...record, until: Date.now() + FRAME_MEMORY_MS });
  }, filter);
  const done = (request) => hops.delete(request.requestId);
  api.webRequest.onCompleted.addListener(done, filter);
  api.webRequest.onErrorOccurred.addListener(done, filter);
}

// The item with what its request was: `method` (that of a form sent), and `crossSiteFrame`
// when it came through a frame and the tab's page is of another site than the file (the
// browser sends SameSite=None cookies only then; when the page is unknown, too).
async function withRequest(item) {
  const now = Date.now();
  const records = [item.url, item.finalUrl].map((u) => frames.get(u)).filter((r) => r && r.until >= now);
  if (records.length === 0) return item;
  const framed = records.find((r) => r.frame);
  let crossSiteFrame = false;
  if (framed) {
    let top = '';
    try {
      top = (await api.tabs.get(framed.tabId)).url || '';
    } catch {}
    crossSiteFrame = !FetchdeckRules.sameSite(top || framed.page, item.finalUrl || item.url);
  }
  return { ...item, method: records[0].method, crossSiteFrame };
}

function wasBypassed(item) {
  const now = Date.now();
  for (const [url, until] of bypass) if (until < now) bypass.delete(url);
  return bypass.delete(item.url) || bypass.delete(item.finalUrl);
}

// `promise`, or an error once `ms` passed.
function withTimeout(promise, ms) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

// Sends requests to the host; resolves to its answers, or throws why it cannot be reached.
async function send(messages) {
  if (messages.length === 1)
    return [await withTimeout(api.runtime.sendNativeMessage(HOST, messages[0]), HOST_TIMEOUT_MS)];
  // Many at once ("Send links") go over one connection, so one host hands them over together;
  // no browser download waits on them, so the host may take its time with each piece it reads.
  return new Promise((resolve, reject) => {
    const port = api.runtime.connectNative(HOST);
    const answers = [];
    // What it answered before it went (or the wait ended) stands: those downloads were taken.
    const end = (why) => {
      clearTimeout(timer);
      if (answers.length > 0) resolve(messages.map((_, i) => answers[i] || { ok: false, error: why }));
      else reject(new Error(why));
    };
    const timer = setTimeout(() => {
      port.disconnect();
      end(`no answer within ${LINKS_TIMEOUT_MS / 1000} s`);
    }, LINKS_TIMEOUT_MS);
    port.onMessage.addListener((answer) => {
      answers.push(answer);
      if (answers.length === messages.length) {
        clearTimeout(timer);
        port.disconnect();
        resolve(answers);
      }
    });
    port.onDisconnect.addListener((p) => {
      const error = (p && p.error) || api.runtime.lastError;
      end((error && error.message) || 'the host closed the connection');
    });
    for (const m of messages) port.postMessage(m);
  });
}

// Hands one download over: true when Fetchdeck took it. The status names the file or the site,
// never the whole address (it may hold a token).
async function handOver(item) {
  const url = item.finalUrl || item.url;
  const cookies = await cookiesFor(url, item.cookieStoreId);
  const request = FetchdeckRules.requestFor(item, cookies, navigator.userAgent);
  try {
    const [answer] = await send([request]);
    if (answer && answer.ok === true) {
      await remember(true, `Sent to Fetchdeck: ${request.filename || FetchdeckRules.hostOf(url)}`);
      return true;
    }
    await remember(
      false,
      `Fetchdeck refused a download from ${FetchdeckRules.hostOf(url)}: ${(answer && answer.error) || 'no answer'}`,
    );
  } catch (e) {
    await remember(false, `Fetchdeck could not be reached (${e.message}); the browser downloads instead.`);
  }
  return false;
}

// The browser's copy goes once Fetchdeck has the download: true when it went. A copy the
// browser finished meanwhile (Firefox, a small file) stays, in the list and on disk.
async function takeFromBrowser(id) {
  try {
    await api.downloads.cancel(id);
  } catch {
    return false;
  }
  try {
    await api.downloads.erase({ id });
  } catch {}
  return true;
}

// Firefox grants "all websites" only when the user allows it: without it the cookies cannot be
// read, and a download that needs them would fail in Fetchdeck.
async function mayReadCookies(url) {
  if (!api.permissions || !api.permissions.contains) return true;
  try {
    // A match pattern has no port (Firefox refuses one): the host's, any port.
    const u = new URL(url);
    return await api.permissions.contains({ origins: [`${u.protocol}//${u.hostname}/*`] });
  } catch {
    return true;
  }
}

async function decide(browserItem) {
  const item = await withRequest(browserItem);
  const why = FetchdeckRules.leaveToBrowser(item, await settings(), wasBypassed(item));
  if (why !== '') return false;
  if (!(await mayReadCookies(item.finalUrl || item.url))) {
    await remember(false, 'Fetchdeck may not read cookies: allow the add-on access to all websites ' +
      '(Add-ons > Fetchdeck > Permissions). The browser downloads meanwhile.');
    return false;
  }
  return handOver(item);
}

if (api.downloads.onDeterminingFilename) {
  // Chromium: the download waits for its name, so the browser's copy never lands on disk when
  // Fetchdeck takes it, and goes on untouched when it does not.
  api.downloads.onDeterminingFilename.addListener((item, suggest) => {
    decide(item)
      .then(async (taken) => {
        // A download that cannot be canceled must not hang waiting for its name.
        if (!taken || !(await takeFromBrowser(item.id))) suggest();
      })
      .catch(() => suggest());
    return true; // suggest() is called later
  });
} else {
  // Firefox: the download has begun; it is canceled once Fetchdeck took it.
  api.downloads.onCreated.addListener((item) => {
    decide(item)
      .then((taken) => taken && takeFromBrowser(item.id))
      .catch(() => {});
  });
}

api.runtime.onMessage.addListener((message, sender, reply) => {
  if (message && message.type === 'bypass' && FetchdeckRules.isHttp(message.url)) {
    bypass.set(message.url, Date.now() + BYPASS_MS);
    return false;
  }
  // The rest is the popup's to ask (a page, through the content script, only says "bypass").
  if (sender.tab) return false;
  if (message && message.type === 'sendLinks') {
    sendLinks(message).then(reply, (e) => reply({ sent: 0, error: e.message }));
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

// "Send links to files on this page": each with the page as referrer and the cookies of its own
// site (Strict ones only for links of the page's own site).
// A private window's links stay with the browser; a container tab's go with its cookies.
async function sendLinks({ links: hrefs, page, storeId, incognito }) {
  if (incognito) return { sent: 0, error: 'links of a private window stay with the browser' };
  const links = FetchdeckRules.fileLinks(hrefs || []).slice(0, MAX_LINKS);
  if (links.length === 0) return { sent: 0 };
  const messages = [];
  for (const url of links)
    messages.push(
      FetchdeckRules.requestFor(
        { url, referrer: page },
        await cookiesFor(url, storeId),
        navigator.userAgent,
      ),
    );
  const answers = await send(messages);
  const sent = answers.filter((a) => a && a.ok === true).length;
  await remember(sent > 0, `Sent ${sent} of ${links.length} links to Fetchdeck`);
  return { sent, total: links.length };
}
