// Restarts the app after a panic in its wasm module (web/src/recovery.rs calls restartAfterPanic
// from its panic hook). The panicked instance cannot be trusted, so a new instance of the module
// is made: the wasm-bindgen module is imported again under another URL (a module runs once per
// URL), its init instantiates the wasm and runs main, and main takes over what is handed here:
// the text each editor held (which may be newer than the autosave) and the panic's message.

// The debug flag (web/README.md): with ?debug=panic, window.policyPlaygroundPanic() makes the
// app's next reduction panic (web/src/recovery.rs asks takePanicRequest at each).
let panicAsked = false;
if (new URLSearchParams(location.search).get('debug') === 'panic') {
  window.policyPlaygroundPanic = () => { panicAsked = true; };
}

/** Whether a panic was asked for with the debug flag since the last call. */
export function takePanicRequest() {
  const asked = panicAsked;
  panicAsked = false;
  return asked;
}

let restarts = 0;
let startedAt = 0;
let handover = null;
const MAX_RESTARTS = 5;

/**
 * The hand-over to the new instance, once (undefined on a normal start): the panic's message,
 * then each editor's document id and text.
 */
export function takeRecovery() {
  const parts = handover;
  handover = null;
  return parts === null ? undefined : parts;
}

function heldTexts() {
  return [...document.querySelectorAll('[data-testid=editor-host]')]
    .map((host) => host.policyEditor)
    .filter((editor) => editor && editor.id !== null)
    .flatMap((editor) => [editor.id, editor.text()]);
}

function sayCannotRestart(reason) {
  const banner = document.querySelector('[data-testid=panic-banner]');
  if (banner) {
    banner.textContent = `Something went wrong inside the playground, and it could not restart (${reason}). ` +
      'Your work is saved in this browser; reload the page to continue.';
  }
}

/** The URLs of the wasm-bindgen module and the wasm, from Trunk's loader script in the page. */
function moduleUrls() {
  const loader = [...document.querySelectorAll('script[type=module]')].map((s) => s.textContent).join('\n');
  const js = loader.match(/from\s+'([^']+\.js)'/)?.[1];
  const wasm = loader.match(/module_or_path:\s*'([^']+\.wasm)'/)?.[1];
  if (!js || !wasm) return null;
  return { js: new URL(js, document.baseURI).href, wasm: new URL(wasm, document.baseURI).href };
}

async function restart() {
  const urls = moduleUrls();
  if (!urls) throw new Error("the page's loader script was not found");
  // The old instance's page goes; stray tooltips of its editor too.
  document.getElementById('app')?.replaceChildren();
  document.querySelectorAll('.cm-tooltip').forEach((t) => t.remove());
  const bindings = await import(`${urls.js}?restart=${restarts}`);
  await bindings.default({ module_or_path: urls.wasm });
  window.wasmBindings = bindings;
  // The restarted app shows what happened in its own banner.
  document.querySelectorAll('[data-testid=panic-banner]').forEach((b) => b.remove());
}

/**
 * Called once by a panicking instance: hands its editors' texts over and starts a new instance
 * after the current task (the panicking call unwinds first). A panic while restarting, or soon
 * after, is not restarted again: it would only repeat.
 */
export function restartAfterPanic(message) {
  if (restarts >= MAX_RESTARTS || (startedAt && Date.now() - startedAt < 2000)) {
    sayCannotRestart('it failed again straight after restarting');
    return;
  }
  restarts += 1;
  startedAt = Date.now();
  handover = [message, ...heldTexts()];
  setTimeout(() => restart().catch((e) => sayCannotRestart(e.message || String(e))), 0);
}
