// Drives Debian's chromium for tst_browsercapture: loads the unpacked Fetchdeck extension, opens
// a fixture page and clicks its download link; prints one JSON line of what the browser did with
// its own copy. With --no-host-page, the host manifest is moved away first and a second link is
// clicked: the browser must download it itself, and the popup's status must say why. With
// --post-page, a form's button there is clicked before: the browser keeps that download too.
// With --frame-page (after --frame-cookie-page, which sets the file's site's cookie), a page of
// another site whose iframe is a download: Fetchdeck takes it.
//   node capture.mjs --chromium PATH --extension DIR --profile DIR --downloads DIR
//                    --page URL [--post-page URL] [--frame-cookie-page URL --frame-page URL]
//                    [--host-manifest FILE --no-host-page URL]
import puppeteer from 'puppeteer-core';
import fs from 'node:fs';
import path from 'node:path';

const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const result = {};
const finish = (code) => {
  console.log(JSON.stringify(result));
  process.exit(code);
};
const timeout = (ms, what) =>
  new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms));

// Where the browser saves its own copies (read when the profile loads).
const profile = arg('profile');
fs.mkdirSync(path.join(profile, 'Default'), { recursive: true });
fs.writeFileSync(
  path.join(profile, 'Default', 'Preferences'),
  JSON.stringify({
    download: { default_directory: arg('downloads'), prompt_for_download: false, directory_upgrade: true },
  }),
);

const browser = await puppeteer.launch({
  executablePath: arg('chromium'),
  headless: true,
  userDataDir: profile,
  ignoreDefaultArgs: ['--disable-extensions'],
  // This machine's closed network: no background connections, no sandbox as root.
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--disable-extensions-except=${arg('extension')}`, `--load-extension=${arg('extension')}`,
  ],
});
let worker;
try {
  const target = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
    { timeout: 20000 },
  );
  result.extensionId = new URL(target.url()).host;
  worker = await target.worker();

  // The browser's own downloads: 'default' keeps the extension in charge (an 'allow' behaviour
  // would let DevTools take downloads past it); the events say what became of each.
  const cdp = await browser.target().createCDPSession();
  const ends = []; // {guid, state} of each download that ended, in order
  let wake = () => {};
  cdp.on('Browser.downloadProgress', (e) => {
    if (e.state === 'canceled' || e.state === 'completed') {
      ends.push(e);
      wake();
    }
  });
  // The state of the n-th download to end.
  const nthEnd = (n, what) =>
    Promise.race([
      new Promise((resolve) => {
        wake = () => ends.length > n && resolve(ends[n].state);
        wake();
      }),
      timeout(30000, what),
    ]);
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'default', eventsEnabled: true });

  const page = await browser.newPage();
  await page.goto(arg('page'));
  await page.click('#link');
  result.browserDownload = await nthEnd(0, 'the browser download');

  let ended = 1;
  // A form's download (a POST): Fetchdeck would fetch it with a GET, so the browser keeps it.
  if (arg('post-page')) {
    await page.goto(arg('post-page'));
    await page.click('#link');
    result.posted = await nthEnd(ended++, 'the download of a form');
  }

  // A frame of another site than its page's: the download is handed over with the cookies
  // the browser itself sends there (SameSite=None only). The file's site sets a cookie first.
  if (arg('frame-page')) {
    await page.goto(arg('frame-cookie-page'));
    await page.goto(arg('frame-page'));
    result.framed = await nthEnd(ended++, 'the download of a frame');
  }

  if (arg('no-host-page')) {
    fs.renameSync(arg('host-manifest'), `${arg('host-manifest')}.off`);
    try {
      await page.goto(arg('no-host-page'));
      await page.click('#link');
      result.withoutHost = await nthEnd(ended++, 'the download without a host');
      const { status } = await worker.evaluate(() => chrome.storage.local.get('status'));
      result.status = status ? status.text : '';
    } finally {
      fs.renameSync(`${arg('host-manifest')}.off`, arg('host-manifest'));
    }
  }
  await browser.close();
  finish(0);
} catch (e) {
  result.error = String(e && e.message ? e.message : e);
  // What the extension saw, for the failure message.
  if (worker)
    result.downloads = await worker
      .evaluate(async () => ({
        items: await chrome.downloads.search({}),
        status: (await chrome.storage.local.get('status')).status,
      }))
      .catch((err) => String(err));
  await browser.close().catch(() => {});
  finish(1);
}
