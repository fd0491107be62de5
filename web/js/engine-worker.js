// The engine's web worker (started by web/js/engine.js): instantiates the page's wasm module
// with the page's wasm-bindgen glue (the app's start function sees no window and starts no Yew
// here) and answers one request at a time with the glue's engineWorkerRun (JSON in, JSON out).

let engine = null;

self.onmessage = async ({ data }) => {
  if (data.type === 'init') {
    engine = import(data.glue).then(async (glue) => {
      await glue.default({ module_or_path: data.module });
      return glue;
    });
    return;
  }
  const started = performance.now();
  let answer;
  let crashed = false;
  try {
    const glue = await engine;
    answer = glue.engineWorkerRun(data.request);
  } catch (error) {
    // A panic (or a failed start): say so; the page starts a new worker for the next request.
    crashed = true;
    answer = JSON.stringify({ Err: `the engine stopped: ${(error && error.message) || error}` });
  }
  self.postMessage({ id: data.id, answer, ms: performance.now() - started, crashed });
};
