// The playbook's service worker: hooks/csp.py writes it to the site's root as sw.js when
// the site is built (never under `mkdocs serve`). Calculator pages register it once their engine
// is ready and hand it the files they used, so a calculator opened once also works offline.
//
// Online it changes nothing a reader could see: pages, scripts and styles come from the network
// first (through the browser's HTTP cache, as without it) and the copy is refreshed; files whose
// names carry a version or a content hash never wake this worker where the browser has a static
// router (see routes()): the router answers them from the copy, or from the network when the copy
// has none. Without a router, the fetch handler leaves them to the HTTP cache (served by this
// worker from the copy, repeat visits were slower). Offline, the copy answers.
// Only this site's own GET requests are handled: the site fetches nothing from anywhere else.

const CACHE = "playbook-offline";
// The same paths that the _headers file lets browsers keep for good (hooks/_csp.py IMMUTABLE),
// as regular expressions over the path below the site's root.
const VERSIONED = __VERSIONED__.map((source) => new RegExp(source));
// The same paths as the _headers file's globs ("*": anything, "/" included), for the browser's
// static router (below).
const VERSIONED_GLOBS = __VERSIONED_GLOBS__;
const SCOPE = new URL(self.registration.scope);

function inScope(url) {
  return url.origin === SCOPE.origin && url.pathname.startsWith(SCOPE.pathname);
}

function isVersioned(url) {
  const path = `/${url.pathname.slice(SCOPE.pathname.length)}`;
  return VERSIONED.some((pattern) => pattern.test(path));
}

// A versioned file's family: its path with the version or hash taken out, so that a new build's
// files replace the old ones in the copy instead of piling up.
function family(url) {
  return new URL(url).pathname.replace(/[.-](?:[0-9a-f]{8,}|\d+(?:\.\d+)+)(?=[./]|$)/g, "-*");
}

async function store(cache, request, response) {
  const url = new URL(request.url);
  if (isVersioned(url)) {
    const kin = family(url);
    for (const old of await cache.keys()) {
      if (old.url !== request.url && family(old.url) === kin) await cache.delete(old);
    }
  }
  await cache.put(request, response);
}

async function fromCopy(request) {
  const copy = await (await caches.open(CACHE)).match(request);
  return copy || fetch(request);
}

// Network first. The response goes to the page at once; the copy is refreshed beside it (the
// page no longer waits for a write into Cache Storage of every page and script it loads).
// `event.preloadResponse`: a navigation's own request, started by the browser while this worker
// woke up.
async function networkFirst(event) {
  const { request } = event;
  try {
    const response = (await event.preloadResponse) || (await fetch(request));
    if (response.ok && response.type === "basic") {
      const copy = response.clone();
      // Not kept (a full disk): that file will need the network when offline.
      event.waitUntil(caches.open(CACHE).then((cache) => store(cache, request, copy)).catch(() => {}));
    }
    return response;
  } catch (error) {
    const copy = await (await caches.open(CACHE)).match(request, { ignoreSearch: true });
    if (copy) return copy;
    throw error;
  }
}

// Files the page fetched before this worker controlled it (the first visit), sent by engine.js.
async function keep(urls) {
  const cache = await caches.open(CACHE);
  for (const href of new Set(urls)) {
    let url;
    try {
      url = new URL(href);
    } catch {
      continue;
    }
    url.hash = "";
    if (!inScope(url) || (await cache.match(url.href))) continue;
    try {
      // Usually from the HTTP cache: the page has just fetched these files.
      const response = await fetch(url.href, { cache: "force-cache" });
      if (response.ok && response.type === "basic") await store(cache, new Request(url.href), response);
    } catch {
      // Not kept: that file will need the network.
    }
  }
}

// Where the browser has a static router (InstallEvent.addRoutes, Chromium 123 and later), a
// versioned file comes from the copy, or from the network (through the HTTP cache) when the copy
// has none yet, without waking this worker: a repeat visit does not wait for it to start and
// answer every runtime file (with it in the way, repeat visits were measured slower than with
// service workers blocked). The copy's bytes never change under a name, so the copy is as good
// as the HTTP cache, online and offline. Without a router, the fetch handler below does the same.
//
// A page (a navigation) races the network against this worker: online, the page does not wait
// for this worker to start; the fetch handler still runs (Chromium hands its fetch the racing
// request's response: the page is requested once), so the copy kept for offline follows the
// site; offline, the network fails and the handler answers from the copy.
function routes() {
  // Two lists, each added on its own: a router that refuses the second keeps the first.
  const versioned = VERSIONED_GLOBS.map((glob) => ({
    condition: { urlPattern: new URLPattern({ pathname: SCOPE.pathname + glob.slice(1) }) },
    source: { cacheName: CACHE },
  }));
  const pages = [{ condition: { requestMode: "navigate" }, source: "race-network-and-fetch-handler" }];
  return [versioned, pages];
}

self.addEventListener("install", (event) => {
  if (typeof event.addRoutes === "function" && typeof URLPattern === "function") {
    // A router that refuses the rules leaves the fetch handler to do it all.
    event.waitUntil(
      routes().reduce((done, rules) => done.then(() => event.addRoutes(rules)).catch(() => {}), Promise.resolve()),
    );
  }
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      // Pages are requested while this worker starts, not after: it adds no wait to a visit.
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || request.headers.has("range")) return;
  const url = new URL(request.url);
  if (!inScope(url)) return;
  if (!isVersioned(url)) event.respondWith(networkFirst(event));
  else if (!self.navigator.onLine) event.respondWith(fromCopy(request));
  // else: the browser's own way, through its HTTP cache (see the top of this file)
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "keep" && Array.isArray(message.urls)) {
    event.waitUntil(
      keep(message.urls).then(() => {
        if (event.source) event.source.postMessage({ type: "kept" });
      }),
    );
  }
});
