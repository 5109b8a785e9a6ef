// Which downloads Fetchdeck takes, and what it is told about them. Pure functions: the
// background script gives them what the browser reported and the user's settings.
'use strict';

const FetchdeckRules = (() => {
  const DEFAULTS = Object.freeze({ enabled: true, minSizeKiB: 0, skipTypes: '', skipSites: '' });
  // Pages, not files: "send links to files on this page" leaves these out.
  const PAGE_TYPES = new Set(['', 'htm', 'html', 'xhtml', 'php', 'asp', 'aspx', 'jsp', 'cgi']);

  const isHttp = (text) => {
    try {
      const u = new URL(text);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  };
  // "pdf, .jpg ZIP" -> ['pdf', 'jpg', 'zip']
  const words = (text) =>
    String(text || '').toLowerCase().split(/[\s,;]+/).map((w) => w.replace(/^\*?\./, '')).filter(Boolean);
  const extensionOf = (name) => {
    const base = String(name || '').split(/[\\/]/).pop();
    const dot = base.lastIndexOf('.');
    return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  };
  const hostOf = (text) => {
    try {
      return new URL(text).hostname.toLowerCase();
    } catch {
      return '';
    }
  };
  // "example.org" matches example.org and its subdomains.
  const siteMatches = (host, site) => host === site || host.endsWith('.' + site);
  // Whether a page on `from` may be trusted with `to`'s SameSite=Strict cookies: the same host,
  // or one a subdomain of the other (no public-suffix list here, so sibling subdomains count as
  // other sites: too strict rather than too loose).
  const sameSite = (from, to) => {
    const a = hostOf(from);
    const b = hostOf(to);
    return a !== '' && b !== '' && (siteMatches(a, b) || siteMatches(b, a));
  };

  // Why the browser keeps this download ('' when Fetchdeck takes it). `item` has the fields of a
  // downloads.DownloadItem: url, finalUrl, filename, referrer, totalBytes or fileSize, incognito,
  // byExtensionId; and, the background's own, `method` (that of the page or frame the download
  // came of) and `crossSiteFrame` (that frame was of another site than its page). `bypassed`
  // says the user held Alt when clicking its link.
  function leaveToBrowser(item, settings, bypassed) {
    const s = { ...DEFAULTS, ...settings };
    const url = item.finalUrl || item.url;
    if (!s.enabled) return 'capture is off';
    if (bypassed) return 'Alt was held';
    if (!isHttp(url)) return 'not an http(s) address';
    // Fetchdeck asks with a GET: a form's answer would be another (or a 405).
    if (item.method && item.method !== 'GET') return `sent with a form (${item.method})`;
    if (item.incognito) return 'a private window';
    if (item.byExtensionId) return 'started by an extension';
    const size = Math.max(item.totalBytes || 0, item.fileSize || 0);
    if (s.minSizeKiB > 0 && size > 0 && size < s.minSizeKiB * 1024) return 'smaller than the minimum size';
    const type = extensionOf(item.filename) || extensionOf(new URL(url).pathname);
    if (type && words(s.skipTypes).includes(type)) return `a .${type} file`;
    const hosts = [hostOf(url), hostOf(item.referrer)].filter(Boolean);
    const site = words(s.skipSites).find((w) => hosts.some((h) => siteMatches(h, w)));
    if (site) return `a download from ${site}`;
    return '';
  }

  // The message for Fetchdeck's native messaging host.
  function requestFor(item, cookies, userAgent) {
    const message = { type: 'download', url: item.finalUrl || item.url };
    const name = String(item.filename || '').split(/[\\/]/).pop();
    if (name) message.filename = name;
    if (isHttp(item.referrer)) message.referrer = item.referrer;
    if (userAgent) message.userAgent = userAgent;
    // What the browser itself would have sent with this download: its SameSite=Strict cookies
    // only when the page that started it is of the same site (a hostile page must not get a
    // download repeated with them); in a frame of another site than its page's (a hostile
    // page's iframe), SameSite=None cookies only.
    const url = message.url;
    const sends = (c) =>
      item.crossSiteFrame ? c.sameSite === 'no_restriction' : c.sameSite !== 'strict' || sameSite(item.referrer, url);
    const cookie = (cookies || [])
      .filter(sends)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    if (cookie) message.cookies = cookie;
    return message;
  }

  // The links of a page worth sending: http(s), files rather than pages, each once, none
  // longer than Fetchdeck takes (8192 characters: a longer one, over the host's 64 KiB for a
  // message, ended the host and the links after it).
  function fileLinks(hrefs) {
    const seen = new Set();
    return hrefs.filter((href) => {
      if (typeof href !== 'string' || href.length > 8192 || !isHttp(href) || seen.has(href)) return false;
      seen.add(href);
      return !PAGE_TYPES.has(extensionOf(new URL(href).pathname));
    });
  }

  return { DEFAULTS, leaveToBrowser, requestFor, fileLinks, isHttp, hostOf, sameSite };
})();

if (typeof module !== 'undefined') module.exports = FetchdeckRules; // node's tests
