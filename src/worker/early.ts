/**
 * The page's first script (index.html lists it before the app's): it starts the training worker,
 * which by its name knows to start its downloads (the default digits, the WASM binary) at once,
 * while the app's own
 * chunk, React and the first screen still download, parse and render. That chunk is the larger
 * part of the page's JavaScript, so the worker, TensorFlow.js and the digits start that much
 * earlier. It imports nothing, so it is a chunk of its own of a few hundred bytes.
 *
 * The app takes the worker through `takeEarlyWorker` (./client.ts) for its first trainer client;
 * a page without a trainer (the loss lab) terminates it. Events that arrive before the app
 * listens (the worker's "loaded" message, a failed load) are kept and handed on with it.
 */

/** What this script leaves on `globalThis` for the app; taken once. */
export interface EarlyWorker {
  /** The worker, with the events it sent before anyone listened (to dispatch again). */
  take(): { worker: Worker; missed: Event[] };
}

declare global {
  var losslabEarlyWorker: EarlyWorker | undefined;
}

function start(): EarlyWorker | undefined {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./entry.ts', import.meta.url), {
      type: 'module',
      // protocol.ts' EARLY_WORKER_NAME: the worker starts its downloads as it starts.
      name: 'losslab-trainer-early',
    });
  } catch {
    return undefined; // the app starts its own worker, and reports what goes wrong then
  }
  startDigits(worker);
  const missed: Event[] = [];
  const keep = (event: Event) => missed.push(event);
  const kinds = ['message', 'messageerror', 'error'] as const;
  for (const kind of kinds) worker.addEventListener(kind, keep);
  return {
    take() {
      for (const kind of kinds) worker.removeEventListener(kind, keep);
      return { worker, missed };
    },
  };
}

/**
 * Starts the digits' worker (./digits.ts) beside the training worker: it downloads and checks
 * the default digits on its own thread and answers on a port handed to the training worker
 * first (digitsProtocol.ts' DigitsPortMessage, spelled out here), or null when there is none.
 */
function startDigits(trainer: Worker): void {
  let digits: Worker;
  try {
    digits = new Worker(new URL('./digits.ts', import.meta.url), {
      type: 'module',
      name: 'losslab-digits-early', // digitsProtocol.ts' DIGITS_EARLY_NAME
    });
  } catch {
    trainer.postMessage({ losslab: 'digits-port', port: null });
    return;
  }
  const channel = new MessageChannel();
  digits.postMessage(channel.port1, [channel.port1]);
  trainer.postMessage({ losslab: 'digits-port', port: channel.port2 }, [channel.port2]);
  // Its script did not load: the training worker checks the digits itself.
  digits.addEventListener('error', () =>
    trainer.postMessage({ losslab: 'digits-port', port: null }),
  );
}

globalThis.losslabEarlyWorker = start();
