// Types of the messages between a calculator page (engine.js) and the engine's worker
// (engine-worker.js), and the browser globals the scripts use that TypeScript's DOM library lacks.
// Checked by `make lint` (tsc --noEmit over docs/assets/javascripts/, see tsconfig.json).

/** The files the worker needs, sent as "init" and in the worker's URL fragment. */
interface EngineInit {
  type: "init";
  pyodideURL: string;
  snapshotURL: string | null;
  /** The snapshot start's standard library (null: Pyodide's whole one). */
  stdlibURL?: string | null;
  saveData: boolean;
  lockURL: string;
  packageName: string;
  rubricsURL: string;
  /** The calculators the page shows; the worker imports their modules at start-up. */
  calculators: string[];
  /** The page's language: the worker builds its number formats first (see engine-worker.js). */
  lang?: string;
}

/** A request for calculators._browser.handle. */
interface EngineCall {
  type: "call";
  id: number;
  fn: string;
  args: Record<string, unknown>;
}

/** An error the engine reports: its message is for the reader; field names the input. */
interface EngineErrorReply {
  message: string;
  field: string | null;
  internal?: boolean;
  [key: string]: unknown;
}

/** What calculators._browser.handle answers: a value when ok, else an error. */
interface EngineReply {
  ok: boolean;
  /** The calculator's result (plain JSON, its shape documented by the calculator). */
  value?: any;
  error?: EngineErrorReply;
}

/** The worker's messages to the page. */
type EngineMessage =
  | {
      type: "ready";
      versions: Record<string, string>;
      /** Start-up marks in the worker's performance.now() time, with its timeOrigin. */
      timings: Record<string, number>;
      /** "snapshot", or "plain (...)" and why. */
      start: string;
      resources: string[];
    }
  /** The worker has built the page language's number formats (engine-worker.js). */
  | { type: "formats" }
  | { type: "failed"; message: string }
  /** ``json``: Python's reply as its JSON text (parsed by the page); ``reply``: the worker's own. */
  | { type: "reply"; id: number; reply?: EngineReply; json?: string };

/** The handle a calculator gets from getEngine(root). */
interface EngineHandle {
  ready: Promise<Record<string, string>>;
  call(fn: string, args?: Record<string, unknown>): Promise<EngineReply>;
  timings: Record<string, number>;
  start: string | null;
  /** Settles once the worker has built the page language's number formats (or has failed):
   * from then on the page's own first number format is cheap (see tools.js afterFormats). */
  formats: Promise<void>;
  /** Whether ``formats`` has settled. */
  formatsReady: boolean;
}

interface Window {
  /** Material for MkDocs' observable of each page (also after instant navigation). */
  document$?: { subscribe(callback: () => void): unknown };
}

interface Navigator {
  /** The Network Information API, where the browser has it. */
  connection?: { saveData?: boolean };
}
