// A scan step: the comment gets a live character count (the error summary is error-summary.js).
// CSP-safe (a static file, no inline code). Without JavaScript the limit is stated under the
// comment box.
(function () {
  "use strict";

  var field = document.querySelector("textarea[data-char-count]");
  if (!field) { return; }
  var max = parseInt(field.dataset.charCount, 10);
  var shown = document.getElementById(field.dataset.countTarget);
  var live = document.getElementById(field.dataset.countLive);
  var lang = document.documentElement.lang || "nl";
  var timer = null;

  function message() {
    var left = max - field.value.length;
    var n = Math.abs(left).toLocaleString(lang);
    if (left >= 0) {
      return left === 1 ? field.dataset.leftOne : field.dataset.left.replace("%(n)s", n);
    }
    return left === -1 ? field.dataset.overOne : field.dataset.over.replace("%(n)s", n);
  }

  function show() {
    var text = message();
    var over = field.value.length > max;
    shown.textContent = text;
    shown.classList.toggle("char-count-over", over);
    field.classList.toggle("is-invalid", over);
    return text;
  }

  field.addEventListener("input", function () {
    var text = show();
    // Screen readers hear the count once typing pauses, not at every key.
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { live.textContent = text; }, 700);
  });
  show();
})();
