// A form that must not lose what was typed (the teamgesprek step): its error summary gets the
// focus and its links go to the field, and leaving the page with unsaved input asks first
// (the browser's own "leave this page?" dialog). Submitting the form itself never asks: every
// button of the form saves what was typed. CSP-safe (a static file, no inline code).
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) { return; }
      event.preventDefault();
      var details = input.closest("details");
      if (details) { details.open = true; }
      var group = input.closest("fieldset, .mb-3") || input;
      group.scrollIntoView({ block: "start" });
      input.focus({ preventScroll: true });
    });
  }

  var form = document.querySelector("form[data-unsaved-warning]");
  if (!form) { return; }
  // A form shown again with errors holds unsaved input from the start.
  var dirty = Boolean(summary);
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) { return; }
    event.preventDefault();
    event.returnValue = form.dataset.unsavedWarning;  // older browsers show a dialog only then
  });
})();
