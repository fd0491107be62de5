// The engine's web worker (started by web/js/engine.js): loads the worker's wasm module
// (web/worker, built by Trunk next to this file) and answers one request at a time with its
// engineWorkerRun (JSON in, JSON out), read here so the page gets a plain object.

importScripts('./policy-playground-worker.js');
/* global wasm_bindgen */
const ready = wasm_bindgen({ module_or_path: './policy-playground-worker_bg.wasm' });

self.onmessage = async ({ data }) => {
  const started = performance.now();
  try {
    await ready;
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
