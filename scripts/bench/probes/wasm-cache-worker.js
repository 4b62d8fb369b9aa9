import { compileAndSpin } from "./wasm-cache.js";

compileAndSpin(new URLSearchParams(location.search)).then(
  (result) => postMessage(result),
  (error) => postMessage({ error: String(error) }),
);
