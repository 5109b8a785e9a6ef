// Alt+click on a link leaves its download to the browser: tell the background which link. The
// user's click only: a click the page dispatches itself, with altKey set, is not one.
'use strict';
document.addEventListener(
  'click',
  (event) => {
    if (!event.isTrusted || !event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (link)
      Promise.resolve((globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'bypass', url: link.href }))
        .catch(() => {}); // the extension was reloaded: the browser downloads anyway
  },
  true,
);
