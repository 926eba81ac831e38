// Keeps the response count on the round page current without reloading (CSP-safe, no inline JS).
(function () {
  "use strict";
  var box = document.getElementById("telling");
  if (!box || !window.fetch) { return; }
  function refresh() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        ["submitted", "started"].forEach(function (key) {
          var el = box.querySelector('[data-count="' + key + '"]');
          if (el && String(data[key]) !== el.textContent) { el.textContent = data[key]; }
        });
      })
      .catch(function () { /* offline for a moment: try again next time */ });
  }
  window.setInterval(refresh, 15000);
})();
