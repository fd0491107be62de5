// The engine's web worker (started by web/js/engine.js): loads the worker's wasm module
// (web/worker, built by Trunk next to this file) and answers one request at a time: a path
// search (engineWorkerRun, read here so the page gets a plain object) or the analysis of a large
// workspace (engineWorkerAnalyse, passed on as the JSON the page's module reads).

importScripts('./policy-playground-worker.js');
/* global wasm_bindgen */
const ready = wasm_bindgen({ module_or_path: './policy-playground-worker_bg.wasm' });
const catalogs = new Set(); // the dialects whose action catalogue the module has

// The page's checks read names against the catalogues it has fetched; the worker's must read
// the same ones (from the browser's cache, the files the page fetched): [dialect, url] pairs,
// the url relative to the page (this script sits next to it).
async function ensureCatalogs(pairs) {
  for (const [dialect, url] of pairs) {
    if (catalogs.has(dialect)) continue;
    // Without it the checks skip what needs it, as the page's do without its copy.
    try {
      const response = await fetch(url);
      if (!response.ok) continue;
      if (!wasm_bindgen.engineWorkerCatalog(dialect, await response.text())) catalogs.add(dialect);
    } catch {
      // The same: analysed without it.
    }
  }
}

self.onmessage = async ({ data }) => {
  const started = performance.now();
  try {
    await ready;
    if (data.kind === 'analyse') {
      await ensureCatalogs(data.catalogs || []);
      const answer = wasm_bindgen.engineWorkerAnalyse(data.request);
      self.postMessage({ id: data.id, answer, ms: performance.now() - started });
      return;
    }
    const answer = JSON.parse(wasm_bindgen.engineWorkerRun(data.request));
    const ms = performance.now() - started;
    if ('Ok' in answer) self.postMessage({ id: data.id, view: answer.Ok, ms });
    else self.postMessage({ id: data.id, error: String(answer.Err), ms });
  } catch (error) {
    // A panic (or a failed start): say so; the page starts a new worker for the next request.
    const message = `the engine stopped: ${(error && error.message) || error}`;
    self.postMessage({ id: data.id, error: message, crashed: true, ms: performance.now() - started });
  }
};
