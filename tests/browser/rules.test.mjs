// The extension's decisions (browser/rules.js, and the content script's Alt+click), run by node's
// own test runner: what stays with the browser, what Fetchdeck is told, which cookies go, which
// links are files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Rules = require(process.env.FETCHDECK_RULES || '../../browser/rules.js');
const item = (fields) => ({ url: 'https://files.example.org/a/report.pdf', ...fields });

test('downloads Fetchdeck takes, and the ones the browser keeps', () => {
  assert.equal(Rules.leaveToBrowser(item({}), {}, false), '');
  assert.match(Rules.leaveToBrowser(item({}), { enabled: false }, false), /off/);
  assert.match(Rules.leaveToBrowser(item({}), {}, true), /Alt/);
  assert.match(Rules.leaveToBrowser(item({ url: 'blob:https://x/1' }), {}, false), /http/);
  assert.match(Rules.leaveToBrowser(item({ url: 'data:,x' }), {}, false), /http/);
  assert.match(Rules.leaveToBrowser(item({ incognito: true }), {}, false), /private/);
  assert.match(Rules.leaveToBrowser(item({ byExtensionId: 'x' }), {}, false), /extension/);
  // A form's answer: Fetchdeck would ask with a GET.
  assert.match(Rules.leaveToBrowser(item({ method: 'POST' }), {}, false), /form \(POST\)/);
  assert.equal(Rules.leaveToBrowser(item({ method: 'GET' }), {}, false), '');
  // Smaller than the minimum; an unknown size is taken.
  assert.match(Rules.leaveToBrowser(item({ totalBytes: 1000 }), { minSizeKiB: 64 }, false), /smaller/);
  assert.equal(Rules.leaveToBrowser(item({ totalBytes: -1 }), { minSizeKiB: 64 }, false), '');
  // Types by the browser's file name or the URL's; sites by the download's host or the page's.
  assert.match(Rules.leaveToBrowser(item({}), { skipTypes: 'zip, .PDF' }, false), /\.pdf/);
  assert.match(Rules.leaveToBrowser(item({ filename: '/tmp/x.JPG' }), { skipTypes: 'jpg' }, false), /jpg/);
  assert.match(Rules.leaveToBrowser(item({}), { skipSites: 'example.org' }, false), /example\.org/);
  assert.equal(Rules.leaveToBrowser(item({}), { skipSites: 'ample.org' }, false), '');
  assert.match(
    Rules.leaveToBrowser(item({ referrer: 'https://intranet.corp/' }), { skipSites: 'corp' }, false),
    /corp/,
  );
});

test('what Fetchdeck is told: the final URL, the name without a folder, an http(s) referrer', () => {
  const m = Rules.requestFor(
    item({ finalUrl: 'https://cdn.example.org/r.pdf', filename: '/home/u/Downloads/r (1).pdf', referrer: 'javascript:x' }),
    [],
    'UA/1',
  );
  assert.deepEqual(m, { type: 'download', url: 'https://cdn.example.org/r.pdf', filename: 'r (1).pdf', userAgent: 'UA/1' });
});

test("SameSite=Strict cookies go only when the download's page is of the same site", () => {
  const cookies = [
    { name: 'lax', value: '1', sameSite: 'lax' },
    { name: 'strict', value: '2', sameSite: 'strict' },
    { name: 'none', value: '3', sameSite: 'no_restriction' },
  ];
  const from = (referrer) => Rules.requestFor(item({ referrer }), cookies, '').cookies;
  assert.equal(from('https://files.example.org/page'), 'lax=1; strict=2; none=3');
  assert.equal(from('https://example.org/'), 'lax=1; strict=2; none=3'); // a parent domain
  assert.equal(from('https://evil.example.net/'), 'lax=1; none=3');
  assert.equal(from(''), 'lax=1; none=3'); // who started it is unknown
  // A frame of another site than its page's (a hostile page's iframe): what the browser sends
  // there, SameSite=None only.
  const framed = Rules.requestFor(item({ referrer: 'https://evil.example.net/', crossSiteFrame: true }), cookies, '');
  assert.equal(framed.cookies, 'none=3');
});

test('links to files on a page, each once, no pages', () => {
  assert.deepEqual(
    Rules.fileLinks([
      'https://h/a.iso', 'https://h/a.iso', 'https://h/index.html', 'https://h/', 'https://h/dir/',
      'mailto:x@h', 'https://h/get.php', 'https://h/b.tar.gz?x=1', 'javascript:void(0)',
    ]),
    ['https://h/a.iso', 'https://h/b.tar.gz?x=1'],
  );
  // Longer than Fetchdeck takes: one such link ended the host, and the links after it.
  assert.deepEqual(Rules.fileLinks(['https://h/' + 'a'.repeat(70000) + '.iso', 'https://h/c.iso']), [
    'https://h/c.iso',
  ]);
});

// The content script: only the user's own Alt+click leaves a download to the browser; a page
// that fakes one (a click it dispatches itself, with altKey set) kept its downloads from
// Fetchdeck.
test("only the user's Alt+click leaves a link to the browser", async () => {
  const fs = await import('node:fs');
  const vm = await import('node:vm');
  const said = [];
  let listener;
  class Element {
    closest() {
      return { href: 'https://h/a.iso' };
    }
  }
  const context = {
    Element,
    Promise,
    document: { addEventListener: (type, f) => (listener = f) },
    chrome: { runtime: { sendMessage: (m) => said.push(m) } },
  };
  vm.runInNewContext(fs.readFileSync(new URL('../../browser/content.js', import.meta.url), 'utf8'), context);
  listener({ isTrusted: false, altKey: true, target: new Element() });
  assert.deepEqual(said, []);
  listener({ isTrusted: true, altKey: true, target: new Element() });
  assert.equal(JSON.stringify(said), JSON.stringify([{ type: 'bypass', url: 'https://h/a.iso' }]));
});
