{% autoescape off %}// The offline desk's service worker, served at the desk's path (its scope is the desk).
//
// It keeps the desk's page and the files it loads, so that the desk opens without a connection
// once it was opened online. The page is asked of the network first (a fresh page, with the
// session's state); the copy kept is used only when the network cannot be reached, and only a
// page the server answered (200) is kept, never a redirect to sign in. Nothing else is kept:
// no other page, and no answer of the sync (survivor data never enters this cache).
"use strict";
var WORKER = {{ worker_json }};
var CACHE = "offline-desk-" + WORKER.version;
var ASSETS = new Set(WORKER.assets);

self.addEventListener("install", function (event) {
  event.waitUntil((async function () {
    var cache = await caches.open(CACHE);
    await cache.addAll(WORKER.assets);
    var page = await fetch(WORKER.desk, { credentials: "same-origin", redirect: "manual" });
    if (page.status === 200 && page.type === "basic") await cache.put(WORKER.desk, page);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", function (event) {
  event.waitUntil((async function () {
    var names = await caches.keys();
    await Promise.all(names.filter(function (name) {
      return name.indexOf("offline-desk-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
    await self.clients.claim();
  })());
});

async function deskPage(request) {
  try {
    var response = await fetch(request);
    if (response.status === 200 && response.type === "basic" && !response.redirected) {
      var cache = await caches.open(CACHE);
      await cache.put(WORKER.desk, response.clone());
    }
    return response;
  } catch (error) {
    var kept = await caches.match(WORKER.desk, { ignoreSearch: true });
    if (kept) return kept;
    throw error;
  }
}

async function asset(request) {
  var kept = await caches.match(request, { ignoreSearch: true });
  if (kept) return kept;
  var response = await fetch(request);
  if (response.status === 200) {
    var cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === WORKER.desk) {
    event.respondWith(deskPage(request));
  } else if (ASSETS.has(url.pathname)) {
    event.respondWith(asset(request));
  }
});
{% endautoescape %}
