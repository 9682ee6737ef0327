// Signing out with arrivals the offline desk has not sent asks first, on every page a caseworker
// signs out from. The queue is counted, not read: it is sealed (offline_desk/static/offline_desk/desk.js).
// The question comes from the page (the sign-out form's data-unsent-question), translated.
(function () {
  "use strict";
  var DB_NAME = "offline-desk";

  function unsent() {
    // Never create the desk's database by asking: only a browser that opened the desk has one.
    var known = indexedDB.databases ? indexedDB.databases() : Promise.resolve([{ name: DB_NAME }]);
    return known.then(function (databases) {
      if (!databases.some(function (db) { return db.name === DB_NAME; })) return 0;
      return new Promise(function (resolve) {
        var request = indexedDB.open(DB_NAME);
        request.onerror = function () { resolve(0); };
        request.onsuccess = function () {
          var db = request.result;
          if (!db.objectStoreNames.contains("queue")) { db.close(); resolve(0); return; }
          var count = db.transaction("queue").objectStore("queue").count();
          count.onsuccess = function () { db.close(); resolve(count.result); };
          count.onerror = function () { db.close(); resolve(0); };
        };
      });
    }).catch(function () { return 0; });
  }

  document.querySelectorAll("form[data-unsent-question]").forEach(function (form) {
    var asked = false;
    form.addEventListener("submit", function (event) {
      if (asked) return;
      event.preventDefault();
      unsent().then(function (count) {
        if (count === 0 || window.confirm(form.dataset.unsentQuestion)) {
          asked = true;
          form.submit();
        }
      });
    });
  });
})();
