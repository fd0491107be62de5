// <policy-playground>: the playground in a documentation page, with one script tag.
//
//   <script src="playground/policy-playground.js" defer></script>
//   <policy-playground src="scenarios/cloud-backup-ram-role.json" check="2" theme="light"></policy-playground>
//
// The element draws the playground in an iframe (isolated from the page's styles and scripts).
// The scenario comes from `src` (a scenario file's URL), an inline
// <script type="application/json"> child, or `example` (a built-in example); it travels in the
// iframe's URL fragment in the share-link format (web/core/src/share.rs: `s=1.` then base64url of
// the raw-deflated JSON `{"scenario": ..., "example": null}`), so nothing is uploaded anywhere.
// Attributes: check, request, toggles, theme, panels, readonly, height (auto unless a number of
// pixels), app (the playground's address; by default the folder this script is in). Events:
// `decision` (detail: the check, its decision, expected decision and one-sentence reason) and
// `error` (detail: { message }; it does not bubble, so window error handlers never see it).
// No inline script, no eval, no inline style: it runs under a
// strict Content-Security-Policy (the page needs `frame-src` for the playground's origin).
// docs/embed.md documents every attribute and the messages.
(() => {
  'use strict';
  const SOURCE = 'policy-playground';
  // The script's own address, read while it runs (a classic script; currentScript is null later).
  const SCRIPT_URL = document.currentScript ? document.currentScript.src : document.baseURI;
  const PASSED = ['check', 'request', 'toggles', 'theme', 'panels', 'readonly'];

  function base64url(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // The share-link fragment (without '#') of a scenario file's parsed JSON.
  async function shareFragment(scenario) {
    const json = new TextEncoder().encode(JSON.stringify({ scenario, example: null }));
    const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const packed = new Uint8Array(await new Response(stream).arrayBuffer());
    return 's=1.' + base64url(packed);
  }

  function parseScenario(text, where) {
    let value;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new Error(`${where} is not JSON: ${e.message}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`${where} is not a scenario file (a JSON object with accounts, roles and checks)`);
    }
    return value;
  }

  class PolicyPlaygroundElement extends HTMLElement {
    static get observedAttributes() {
      return ['src', 'example', 'app', 'height', 'title', ...PASSED];
    }

    constructor() {
      super();
      this.attachShadow({ mode: 'open' });
      this.frame = document.createElement('iframe');
      this.frame.style.display = 'block';
      this.frame.style.width = '100%';
      this.frame.style.border = '0';
      this.message = document.createElement('p');
      this.message.setAttribute('role', 'alert');
      this.message.hidden = true;
      this.shadowRoot.append(this.message, this.frame);
      /** The last decision the embed reported (the `decision` event's detail), or null. */
      this.decision = null;
      this.onMessage = (event) => this.receive(event);
      this.renderCount = 0;
    }

    connectedCallback() {
      window.addEventListener('message', this.onMessage);
      this.render();
    }

    disconnectedCallback() {
      window.removeEventListener('message', this.onMessage);
    }

    attributeChangedCallback() {
      if (this.isConnected) this.render();
    }

    // The iframe's address: the app, the embed options, and the scenario in the fragment.
    async address() {
      const app = new URL(this.getAttribute('app') || './', SCRIPT_URL);
      const query = new URLSearchParams({ embed: '1' });
      for (const name of PASSED) {
        if (!this.hasAttribute(name)) continue;
        const value = this.getAttribute(name);
        // A boolean attribute written bare (<policy-playground readonly>) means 1.
        query.set(name, value === '' && (name === 'readonly' || name === 'toggles') ? '1' : value);
      }
      const fixed = Number.parseInt(this.getAttribute('height') || '', 10);
      if (Number.isFinite(fixed) && fixed > 0) {
        this.frame.style.height = `${fixed}px`;
      } else {
        query.set('height', 'auto');
      }
      let fragment = '';
      const inline = this.querySelector(':scope > script[type="application/json"]');
      if (this.hasAttribute('src')) {
        const url = new URL(this.getAttribute('src'), document.baseURI);
        let response;
        try {
          response = await fetch(url, { credentials: 'same-origin' });
        } catch (e) {
          throw new Error(`the scenario ${url} could not be fetched (${e.message}); is it allowed by the page's connect-src?`);
        }
        if (!response.ok) throw new Error(`the scenario ${url} could not be fetched: HTTP ${response.status}`);
        fragment = await shareFragment(parseScenario(await response.text(), `the scenario ${url}`));
      } else if (inline) {
        fragment = await shareFragment(parseScenario(inline.textContent, 'the inline scenario'));
      } else if (this.hasAttribute('example')) {
        query.set('example', this.getAttribute('example'));
      }
      app.search = query.toString();
      app.hash = fragment;
      return app.href;
    }

    async render() {
      const ticket = ++this.renderCount;
      this.frame.title = this.getAttribute('title') || 'Policy Playground';
      try {
        const href = await this.address();
        if (ticket !== this.renderCount) return; // a newer attribute change won
        this.message.hidden = true;
        this.frame.hidden = false;
        if (this.frame.src !== href) this.frame.src = href;
      } catch (e) {
        if (ticket !== this.renderCount) return;
        this.fail(e.message);
      }
    }

    fail(message) {
      this.message.textContent = `Policy Playground: ${message}`;
      this.message.hidden = false;
      this.dispatchEvent(new CustomEvent('error', { detail: { message } }));
    }

    receive(event) {
      const data = event.data;
      if (event.source !== this.frame.contentWindow || !data || data.source !== SOURCE) return;
      if (data.type === 'height' && Number.isFinite(data.height)) {
        if (!this.hasAttribute('height') || this.getAttribute('height') === 'auto') {
          this.frame.style.height = `${Math.ceil(data.height)}px`;
        }
      } else if (data.type === 'decision') {
        this.decision = data;
        this.dispatchEvent(new CustomEvent('decision', { detail: data, bubbles: true, composed: true }));
      } else if (data.type === 'error') {
        this.dispatchEvent(new CustomEvent('error', { detail: { message: data.message } }));
      }
    }
  }

  if (!customElements.get('policy-playground')) {
    customElements.define('policy-playground', PolicyPlaygroundElement);
  }
})();
