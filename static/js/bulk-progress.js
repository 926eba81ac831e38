// Shows the progress of a bulk report job without reloading (CSP-safe, no inline JS);
// reloads the page once the job has finished, so the download button appears.
(function () {
  "use strict";
  var box = document.getElementById("bulk-job");
  if (!box || box.dataset.running !== "1" || !window.fetch) { return; }
  function set(name, value) {
    var el = box.querySelector('[data-field="' + name + '"]');
    if (el && el.textContent !== String(value)) { el.textContent = value; }
  }
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        set("status_label", data.status_label);
        set("done", data.done);
        set("total", data.total);
        var bar = box.querySelector("progress");
        if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
        if (!data.running) { window.location.reload(); }
      })
      .catch(function () { /* try again next time */ });
  }
  window.setInterval(poll, 2000);
})();
