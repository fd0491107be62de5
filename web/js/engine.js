// The page's side of the engine's web worker (web/js/engine-worker.js): long work (path search)
// runs there so the page never freezes. The worker runs the page's own wasm module (the compiled
// WebAssembly.Module is posted to it, so nothing is downloaded or compiled twice) through the
// page's own wasm-bindgen glue. One request at a time: a new one, or a cancel, stops the busy
// worker (terminate) and the next request starts a fresh one.

let worker = null;
let busy = null; // { id, onAnswer } of the request in flight

function spawn(glueUrl, module) {
  worker = new Worker(new URL('engine-worker.js', document.baseURI), { type: 'module', name: 'policy-playground-engine' });
  worker.onmessage = ({ data }) => {
    const request = busy;
    if (!request || request.id !== data.id) return; // an answer nobody waits for any more
    busy = null;
    // After a panic the worker's memory cannot be trusted: the next request gets a new one.
    if (data.crashed) stopWorker();
    request.onAnswer(data.id, data.answer, data.ms);
  };
  worker.onerror = (event) => {
    const request = busy;
    stopWorker();
    const message = `the engine's worker failed to start or stopped (${event.message || 'no message'})`;
    if (request) request.onAnswer(request.id, JSON.stringify({ Err: message }), 0);
  };
  worker.postMessage({ type: 'init', glue: glueUrl, module });
}

/**
 * Runs `request` (JSON) in the worker; `onAnswer(id, answerJson, milliseconds)` is called once
 * with the answer, unless the request is cancelled or replaced first.
 */
export function runInWorker(glueUrl, module, id, request, onAnswer) {
  if (busy) stopWorker();
  if (!worker) spawn(glueUrl, module);
  busy = { id, onAnswer };
  worker.postMessage({ type: 'run', id, request });
}

/** Stops the request in flight, if any (the worker is terminated; an idle one is kept). */
export function cancelWorker() {
  if (busy) stopWorker();
}

function stopWorker() {
  if (worker) worker.terminate();
  worker = null;
  busy = null;
}
