// Every form's error summary ([data-error-summary], templates/includes/error_summary.html and the
// scan step) takes the focus when the page opens, so a screen reader reads it first and a
// keyboard user starts there; each link puts the focus in its field with the question in view.
// A group of radio buttons has no element with the field's own id: its first option stands in.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var id = link.getAttribute("href").slice(1);
    var input = document.getElementById(id) || document.getElementById(id + "_0");
    if (!input) { return; }
    event.preventDefault();
    var details = input.closest("details");
    if (details) { details.open = true; }
    var group = input.closest("fieldset, .comment-field, .mb-3");
    (group || input).scrollIntoView({ block: "start" });
    input.focus({ preventScroll: true });
  });
})();
