// The sample site's script (a file, not inline: the page's CSP allows no inline script).
// 1. A plain iframe embed with height=auto posts its content's height; the page applies it.
// 2. Decisions reported by the embeds are written under them.
'use strict';
window.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.source !== 'policy-playground') return;
  for (const frame of document.querySelectorAll('iframe.playground')) {
    if (frame.contentWindow !== event.source) continue;
    if (data.type === 'height') frame.style.height = `${data.height}px`;
    if (data.type === 'decision') {
      const out = frame.parentElement.querySelector('[data-testid=iframe-decision]');
      if (out) out.textContent = `${data.decision} (${data.check}): ${data.reason}`;
    }
  }
});
document.addEventListener('decision', (event) => {
  const out = document.querySelector('[data-testid=element-decision]');
  if (out) out.textContent = `${event.detail.decision} (${event.detail.check}): ${event.detail.reason}`;
});
// `error` does not bubble (a window error handler must not take it for a script error): listen on
// each element.
for (const element of document.querySelectorAll('policy-playground')) {
  element.addEventListener('error', (event) => {
    const out = document.querySelector('[data-testid=element-decision]');
    if (out) out.textContent = `error: ${event.detail.message}`;
  });
}
