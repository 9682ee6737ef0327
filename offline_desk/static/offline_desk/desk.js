// The offline desk: each arrival is sealed as it is saved, kept sealed in IndexedDB, and sent
// once, in order, when there is a connection.
//
// Sealing: a fresh AES-256-GCM key per arrival encrypts what was typed; the server's RSA-OAEP
// public key (from the page) wraps that key; the arrival's idempotency key and the device's id
// are the additional data (offline_desk/sealing.py opens it). The AES key is then dropped, so
// this device cannot read its own queue back: what the page shows of an arrival after saving it
// (a name) comes from this page's memory only, gone when the page closes.
//
// Sending: each arrival carries the random key made here when it was saved; the server registers
// a key once, and answers a repeat with the same result, so a sync cut halfway is simply sent
// again. An arrival leaves the queue only once the server has answered for it.
//
// Every word shown comes from the page (#desk's data-word-* attributes), translated with the rest.
(function () {
  "use strict";
  var root = document.getElementById("desk");
  if (!root) return;
  var words = root.dataset;
  var config = JSON.parse(document.getElementById("desk-config").textContent);
  var form = document.getElementById("desk-form");
  var DB_NAME = "offline-desk";
  var memory = {}; // idempotency key -> name as typed: this page only, never stored
  var state = { syncing: false, waiting: 0, toResolve: null, problem: "", unreadable: 0 };
  var deviceId = null;

  function word(name, values) {
    var text = words["word" + name] || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(values[key]);
    });
    return text;
  }

  // --- IndexedDB: the queue (sealed arrivals) and the device's id ----------------------------
  var dbPromise = new Promise(function (resolve, reject) {
    var request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = function () {
      request.result.createObjectStore("queue", { keyPath: "key" });
      request.result.createObjectStore("meta");
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });

  function store(name, mode, action) {
    return dbPromise.then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(name, mode);
        var result = action(transaction.objectStore(name));
        transaction.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        transaction.onerror = function () { reject(transaction.error); };
        transaction.onabort = function () { reject(transaction.error); };
      });
    });
  }

  function queued() {
    return store("queue", "readonly", function (queue) { return queue.getAll(); }).then(function (entries) {
      return (entries || []).sort(function (a, b) { return a.seq - b.seq; });
    });
  }

  async function device() {
    if (deviceId) return deviceId;
    var known = await store("meta", "readonly", function (meta) { return meta.get("device"); });
    if (!known) {
      known = crypto.randomUUID();
      await store("meta", "readwrite", function (meta) { meta.put(known, "device"); });
    }
    deviceId = known;
    return deviceId;
  }

  // --- Sealing --------------------------------------------------------------------------------
  var encoder = new TextEncoder();
  function base64(buffer) {
    var bytes = new Uint8Array(buffer), text = "";
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text);
  }
  function unbase64(text) {
    var raw = atob(text), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  async function seal(value, key, device) {
    var publicKey = await crypto.subtle.importKey(
      "spki", unbase64(config.publicKey), { name: "RSA-OAEP", hash: "SHA-256" }, false, ["wrapKey"]
    );
    var secret = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"]);
    var iv = crypto.getRandomValues(new Uint8Array(12));
    var data = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv: iv, additionalData: encoder.encode(key + "|" + device) },
      secret,
      encoder.encode(JSON.stringify(value))
    );
    var wrapped = await crypto.subtle.wrapKey("raw", secret, publicKey, { name: "RSA-OAEP" });
    return { key_id: config.keyId, wrapped_key: base64(wrapped), iv: base64(iv), data: base64(data) };
  }

  // --- The form -------------------------------------------------------------------------------
  var initial = {};
  Array.prototype.forEach.call(form.elements, function (field) {
    if (field.name) initial[field.name] = field.type === "checkbox" ? field.checked : field.value;
  });

  function typed() {
    var fields = {};
    config.fields.forEach(function (name) {
      var field = form.elements[name];
      if (!field) return;
      if (field.type === "checkbox") {
        if (field.checked) fields[name] = "on";
      } else {
        fields[name] = field.value;
      }
    });
    return {
      fields: fields,
      batch: {
        site: form.elements["batch-site"].value,
        arrived_on: form.elements["batch-arrived_on"].value,
        group: config.group === null ? "" : String(config.group),
      },
    };
  }

  function missing(value) {
    var needed = [];
    [["given_name", value.fields.given_name], ["country", value.fields.country], ["batch-site", value.batch.site],
     ["batch-arrived_on", value.batch.arrived_on]].forEach(function (pair) {
      if (!String(pair[1] || "").trim()) needed.push(pair[0]);
    });
    return needed;
  }

  function labelOf(name) {
    var field = form.elements[name];
    // Tom Select moves a select's label to its own input (the label's id becomes "<id>-ts-label").
    var label = field && field.id
      ? document.querySelector('label[for="' + field.id + '"]') || document.getElementById(field.id + "-ts-label")
      : null;
    return label ? label.textContent.replace(/\*/g, "").trim() : name;
  }

  function showErrors(names) {
    var box = root.querySelector("[data-errors]");
    form.querySelectorAll("[aria-invalid]").forEach(function (field) { field.removeAttribute("aria-invalid"); });
    if (!names.length) { box.hidden = true; box.textContent = ""; return; }
    // As the online desk's error summary: the message, then a link to each field, which takes focus.
    var parts = word("Missing", { fields: "\u0000" }).split("\u0000");
    box.replaceChildren(document.createTextNode(parts[0]));
    names.forEach(function (name, i) {
      var field = form.elements[name];
      if (i) box.append(", ");
      var link = document.createElement("a");
      link.href = "#" + field.id;
      link.className = "alert-link";
      link.textContent = labelOf(name);
      link.addEventListener("click", function (event) {
        event.preventDefault();
        if (field.tomselect) field.tomselect.focus(); else field.focus();
      });
      box.append(link);
      field.setAttribute("aria-invalid", "true");
    });
    box.append(parts[1] || "");
    box.hidden = false;
    box.focus();
  }

  function resetForm() {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.name.indexOf("batch-") === 0 || !(field.name in initial)) return;
      if (field.type === "checkbox") field.checked = initial[field.name];
      else if (field.tomselect) field.tomselect.setValue(initial[field.name], true);
      else field.value = initial[field.name];
    });
    var first = form.elements.given_name;
    if (first) first.focus();
  }

  var seq = 0;
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    if (!window.crypto || !crypto.subtle) { showProblem(word("NoCrypto")); return; }
    var value = typed();
    var needed = missing(value);
    showErrors(needed);
    if (needed.length) return;
    var key = crypto.randomUUID();
    var name = [value.fields.given_name, value.fields.family_name].filter(Boolean).join(" ");
    var entry = {
      key: key,
      device: await device(),
      seq: Date.now() * 1000 + (seq++ % 1000),
      saved_at: new Date().toISOString(),
      stuck: false,
    };
    entry.sealed = await seal(value, key, entry.device);
    value = null; // nothing of what was typed is kept but the sealed form (and the name, in memory)
    await store("queue", "readwrite", function (queue) { queue.put(entry); });
    memory[key] = name;
    resetForm();
    announce(word("Saved", { name: name }));
    await render();
    sync();
  });

  // --- Sending --------------------------------------------------------------------------------
  function csrfHeaders(token) {
    return { "Content-Type": "application/json", "X-CSRFToken": token };
  }

  async function session() {
    var response = await fetch(config.urls.session, { credentials: "same-origin", redirect: "manual" });
    if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) return null;
    if (!response.ok) throw new Error("session " + response.status);
    return response.json();
  }

  async function post(url, token, body) {
    var response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: csrfHeaders(token),
      body: JSON.stringify(body),
    });
    if (response.type === "opaqueredirect") return { signIn: true };
    var reply = {};
    try { reply = await response.json(); } catch (error) { reply = {}; }
    reply.httpStatus = response.status;
    return reply;
  }

  async function sync() {
    if (state.syncing || !navigator.onLine) { await render(); return; }
    state.syncing = true;
    await render();
    try {
      var current = await session();
      if (!current) { state.problem = "SignIn"; return; }
      state.problem = "";
      state.toResolve = current.to_resolve;
      var id = await device();
      var registered = await post(config.urls.devices, current.csrf, { device: id });
      if (registered.signIn) { state.problem = "SignIn"; return; }
      if (registered.httpStatus === 410 || registered.httpStatus === 404) { state.problem = "Revoked"; return; }
      var entries = (await queued()).filter(function (entry) { return !entry.stuck; });
      for (var i = 0; i < entries.length; i++) {
        var entry = entries[i];
        var reply = await post(config.urls.sync, current.csrf, {
          key: entry.key, device: entry.device, saved_at: entry.saved_at, sealed: entry.sealed,
        });
        if (reply.signIn) { state.problem = "SignIn"; break; }
        if (reply.httpStatus === 410) { state.problem = "Revoked"; break; }
        if (reply.httpStatus === 400 && reply.status === "unreadable") {
          entry.stuck = true;
          await store("queue", "readwrite", function (queue) { queue.put(entry); });
          continue;
        }
        if (reply.httpStatus !== 200) break; // try again later
        await store("queue", "readwrite", function (queue) { queue.delete(entry.key); });
        state.toResolve = reply.to_resolve;
        sent(entry.key, reply);
        await render();
      }
    } catch (error) {
      // The connection went away mid-sync: what was not answered stays queued and is sent again.
    } finally {
      state.syncing = false;
      await render();
    }
  }

  function sent(key, reply) {
    var name = memory[key] || word("Someone");
    delete memory[key];
    var item = document.createElement("li");
    item.className = "list-group-item";
    item.textContent = reply.status === "registered"
      ? word("Registered", { name: name, reference: reply.reference })
      : word(reply.problem === "invalid" ? "WaitsInvalid" : "WaitsDuplicate", { name: name });
    var list = root.querySelector("[data-sent]");
    var empty = list.querySelector("[data-empty]");
    if (empty) empty.remove();
    list.prepend(item);
  }

  // --- What the desk shows ----------------------------------------------------------------------
  function announce(text) {
    var region = root.querySelector("[data-announce]");
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function showProblem(text) {
    var problem = root.querySelector("[data-problem]");
    problem.textContent = text;
    problem.hidden = !text;
  }

  async function render() {
    var entries = await queued();
    state.waiting = entries.length;
    state.unreadable = entries.filter(function (entry) { return entry.stuck; }).length;
    var online = navigator.onLine;
    var panel = root.querySelector("[data-testid=desk-state]");
    var mode = state.syncing ? "syncing" : online ? "online" : "offline";
    panel.dataset.state = mode;
    root.querySelector("[data-connection-text]").textContent = word(
      mode === "syncing" ? "Syncing" : online ? "Online" : "Offline"
    );
    root.querySelector("[data-connection-icon]").className =
      "bi " + (mode === "syncing" ? "bi-arrow-repeat" : online ? "bi-wifi" : "bi-wifi-off");
    root.querySelector("[data-sync-now]").disabled = state.syncing || !online;
    root.querySelector("[data-waiting-text]").textContent = word("Waiting", { n: state.waiting });
    root.querySelector("[data-to-resolve-text]").textContent = state.toResolve === null
      ? word("ToResolveUnknown") : word("ToResolve", { n: state.toResolve });
    var problems = [];
    if (state.problem) problems.push(word(state.problem));
    if (state.unreadable) problems.push(word("Unreadable", { n: state.unreadable }));
    showProblem(problems.join(" "));
    root.querySelector("[data-sign-in-link]").hidden = state.problem !== "SignIn";
    var list = root.querySelector("[data-queue]");
    list.replaceChildren.apply(list, entries.map(function (entry) {
      var item = document.createElement("li");
      item.className = "list-group-item";
      var time = new Date(entry.saved_at).toLocaleTimeString(document.documentElement.lang || undefined, {
        hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
      });
      item.textContent = word("SavedAt", { time: time }) + (memory[entry.key] ? " · " + memory[entry.key] : "");
      return item;
    }));
  }

  // Signing out with arrivals unsent asks first: offline_desk/static/offline_desk/sign_out_guard.js,
  // on every page a caseworker signs out from.

  root.querySelector("[data-sync-now]").addEventListener("click", sync);
  window.addEventListener("online", sync);
  window.addEventListener("offline", render);
  // navigator.onLine may say online where the network leads nowhere: try again now and then.
  window.setInterval(function () { if (state.waiting > state.unreadable) sync(); }, 20000);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(config.urls.worker, { scope: config.urls.scope }).catch(function () {});
  }
  device().then(sync);
})();
