// Alt+click on a link leaves its download to the browser: tell the background which link.
'use strict';
document.addEventListener(
  'click',
  (event) => {
    if (!event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (link) (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'bypass', url: link.href });
  },
  true,
);
