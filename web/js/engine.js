// The page's side of the engine's web workers (web/js/engine-worker.js): long work runs there so
// the page never freezes. Two workers, started the first time each is needed and kept: one for
// path search, one for the analysis of large workspaces, so neither stops the other. Each does
// one request at a time: a new one, or a cancel, stops the busy worker (terminate) and the next
// request starts a fresh one. A path search's answer stays here and is drawn by renderPaths (the
// page's wasm module carries no reader for it); user text goes in as text only (textContent).

/**
 * One worker and its request in flight. `onMessage(data, request)` gets each answer to the
 * request in flight; a worker that fails to start or stops answers it with an error. With
 * `queue`, a request made while another runs waits for it (the newest only) instead of stopping
 * it.
 */
function workerSlot(name, onMessage, queue = false) {
  const slot = { worker: null, busy: null, next: null };
  const stop = () => {
    if (slot.worker) slot.worker.terminate();
    slot.worker = null;
    slot.busy = null;
  };
  const post = (request) => {
    if (!slot.worker) spawn();
    slot.busy = request;
    slot.worker.postMessage({ id: request.id, ...request.message });
  };
  const answered = (data, request) => {
    onMessage(data, request);
    const next = slot.next;
    slot.next = null;
    if (next && !slot.busy) post(next);
  };
  const spawn = () => {
    slot.worker = new Worker(new URL('engine-worker.js', document.baseURI), { name });
    slot.worker.onmessage = ({ data }) => {
      const request = slot.busy;
      if (!request || request.id !== data.id) return; // an answer nobody waits for any more
      slot.busy = null;
      // After a panic the worker's memory cannot be trusted: the next request gets a new one.
      if (data.crashed) stop();
      answered(data, request);
    };
    slot.worker.onerror = (event) => {
      const request = slot.busy;
      stop();
      if (request) answered({ id: request.id, error: `the engine's worker failed to start or stopped (${event.message || 'no message'})` }, request);
    };
  };
  return {
    run(id, message, onAnswer) {
      const request = { id, message, onAnswer };
      if (slot.busy && queue) {
        slot.next = request;
        return;
      }
      if (slot.busy) stop();
      post(request);
    },
    cancel() {
      slot.next = null;
      if (slot.busy) stop();
    },
  };
}

let answer = null; // { id, view } of the last path search's answer
const questions = new Map(); // search id -> its question in words (the latest few)

const paths = workerSlot('policy-playground-paths', (data, request) => {
  if (data.view) {
    answer = { id: data.id, view: data.view };
    const first = data.view.chains[0];
    request.onAnswer(data.id, undefined, first ? chainKey(first) : '');
  } else {
    request.onAnswer(data.id, data.error, '');
  }
});

/**
 * Runs path search `request` (JSON) in its worker; `title` is its question in words, from the
 * page's module (PathQuery::title), shown as the results' heading. `onAnswer(id, error,
 * firstChain)` is called once, unless the request is cancelled or replaced first: `error`
 * undefined when it answered, `firstChain` the shortest chain as `from\nrole\nrole...` ('' when
 * none).
 */
export function runInWorker(id, request, title, onAnswer) {
  questions.set(id, title);
  if (questions.size > 8) questions.delete(questions.keys().next().value);
  paths.run(id, { request }, onAnswer);
}

/** Stops the path search in flight, if any (the worker is terminated; an idle one is kept). */
export function cancelWorker() {
  paths.cancel();
}

const analysis = workerSlot('policy-playground-analysis', (data, request) => request.onAnswer(data.id, data.answer, data.error), true);

/**
 * Analyses a large workspace in its worker: `request` is the JSON of a BackgroundRequest,
 * `catalogs` the action catalogues to read first, as `dialect=url` pairs (comma-separated);
 * `onAnswer(id, answer, error)` is called once unless the request is cancelled or a newer one
 * replaces it while it waits: `answer` the worker's JSON, or `error` why there is none. A
 * request made while another runs waits for it.
 */
export function analyseInWorker(id, request, catalogs, onAnswer) {
  const pairs = catalogs ? catalogs.split(',').map((pair) => pair.split('=')) : [];
  analysis.run(id, { kind: 'analyse', request, catalogs: pairs }, onAnswer);
}

/** Stops the analysis in flight, if any. */
export function cancelAnalysis() {
  analysis.cancel();
}

/** A chain as the page's module reads it: who starts, then each role assumed, one a line. */
function chainKey(chain) {
  return [chain.from, ...chain.hops.map((h) => h.role)].join('\n');
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  for (const child of children) node.append(child); // strings become text nodes
  return node;
}

function statementLinks(because, onJump) {
  const out = [];
  because.forEach((b, i) => {
    if (i > 0) out.push(', ');
    const link = el('button', { type: 'button', class: 'link' }, `${b.label} of ${b.policy}`);
    link.onclick = () => onJump(b.policy, b.start, b.end);
    out.push(link);
  });
  return out;
}

function hopList(chain, onJump) {
  const list = el('ol', { class: 'path-hops', 'data-testid': 'path-hops', 'aria-label': 'The selected chain, hop by hop' });
  for (const h of chain.hops) {
    const why = h.because.length ? ['allowed by ', ...statementLinks(h.because, onJump)] : ['allowed (no single statement decides it)'];
    list.append(el('li', { 'data-testid': 'path-hop' }, el('code', {}, h.caller), ' assumes ', el('code', {}, h.role), ': ', ...why));
  }
  if (chain.allowed_by.length) {
    const who = chain.hops.length ? chain.hops[chain.hops.length - 1].role : chain.from;
    list.append(el('li', { class: 'final' }, el('code', {}, who), ' may do it: allowed by ', ...statementLinks(chain.allowed_by, onJump)));
  }
  return list;
}

const SHOWN_IDENTITIES = 50;
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

let progressTimer = null;

/**
 * Draws path search `id` in `host`: its question, then by `state` its progress with Cancel
 * (`progressAfterMs` after it started 'running', if still running), what went wrong ('failed',
 * `error`), or the answer ('done'): how
 * many chains (and the cap), every identity found with its distance, the chains shortest first,
 * the selected one explained hop by hop. `onSelect(chain)` (as `from\nrole...`) when another
 * chain is picked, `onJump(policy, start, end)` when a statement is clicked, `onClose()` for
 * Cancel and Close.
 */
export function renderPaths(host, id, state, error, maxPaths, progressAfterMs, onSelect, onJump, onClose) {
  const running = state === 'running';
  clearTimeout(progressTimer);
  const heading = el('h2', {}, questions.get(id) || 'Path search');
  if (!running) {
    const close = el('button', { type: 'button', class: 'small', 'data-testid': 'paths-close' }, 'Close');
    close.onclick = () => onClose();
    heading.append(close);
  }
  host.replaceChildren(heading);
  host.setAttribute('aria-busy', String(running));
  if (running) {
    // A fast answer does not flash a progress bar.
    progressTimer = setTimeout(() => {
      // The page may have drawn the answer's state already, before calling back here.
      if (host.dataset.state !== 'running') return;
      const cancel = el('button', { type: 'button', 'data-testid': 'paths-cancel' }, 'Cancel');
      cancel.onclick = () => onClose();
      host.dataset.state = 'slow';
      host.append(el('p', { class: 'progress', role: 'status', 'data-testid': 'paths-progress' },
        el('progress', { 'aria-label': 'Searching' }), ' Searching the chains in the background; the page stays usable. ', cancel));
    }, progressAfterMs);
  } else if (state === 'failed') {
    host.append(el('p', { class: 'banner error', role: 'alert', 'data-testid': 'paths-error' }, `The search failed: ${error}.`));
  }
  if (state !== 'done' || !answer || answer.id !== id) return;
  const view = answer.view;
  const chains = plural(view.chains.length, 'chain', 'chains');
  const count = view.truncated
    ? `The first ${chains} found (the search lists at most ${maxPaths}), shortest first; click one to draw and explain it`
    : view.chains.length
      ? `${chains} within ${view.depth} hops, shortest first; click one to draw and explain it`
      : `No chain found within ${view.depth} hops`;
  const decided = plural(view.evaluations, 'request decided', 'requests decided');
  host.append(el('p', { class: 'muted', 'data-testid': 'paths-count' }, `${count} (${decided}).`));
  if (view.identities.length) {
    const list = el('ul');
    for (const [who, hops] of view.identities.slice(0, SHOWN_IDENTITIES)) {
      list.append(el('li', {}, el('code', {}, who), ` (${plural(hops, 'hop', 'hops')})`));
    }
    if (view.identities.length > SHOWN_IDENTITIES) list.append(el('li', { class: 'muted' }, `and ${view.identities.length - SHOWN_IDENTITIES} more`));
    host.append(el('details', { class: 'path-identities' },
      el('summary', { 'data-testid': 'paths-identities' }, `${view.identities.length} found, nearest first`), list));
  }
  const list = el('ol', { class: 'path-chains', 'data-testid': 'path-chains' });
  const items = view.chains.map((chain, i) => {
    const summary = chain.hops.length ? [chain.from, ...chain.hops.map((h) => h.role)].join(' → ') : `${chain.from} (directly)`;
    const button = el('button', { type: 'button', class: 'item', 'data-testid': 'path-chain', 'data-hops': String(chain.hops.length) }, summary);
    const item = el('li', {}, button);
    button.onclick = () => {
      select(i);
      onSelect(chainKey(chain));
    };
    list.append(item);
    return { item, button, chain };
  });
  const select = (n) => items.forEach(({ item, button, chain }, i) => {
    item.classList.toggle('selected', i === n);
    button.setAttribute('aria-pressed', String(i === n));
    item.querySelector('.path-hops')?.remove();
    if (i === n) item.append(hopList(chain, onJump));
  });
  if (items.length) select(0);
  host.append(list);
}
