// The admin (/beheer/) uses Django's own widgets, which axe-core faults on two points:
// - the filter widget (filter_horizontal) puts aria-label on a plain <span> (a "search" icon),
//   where ARIA forbids a name: it becomes an image with that name (role="img");
// - an autocomplete field (select2) names its combobox only by the chosen value, so an empty
//   field has no name: the combobox (and its text box) are labelled by the field's <label> too.
// Both widgets are built by script, also for rows added later, so new ones are repaired too.
(function () {
  "use strict";

  function repair(root) {
    root.querySelectorAll("span.search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = select.id && document.querySelector("label[for='" + select.id + "']");
      var container = select.nextElementSibling;
      var box = container && container.querySelector(".select2-selection[role=combobox]");
      if (!label || !box) { return; }
      if (!label.id) { label.id = select.id + "_label"; }
      // Its text (the chosen value) has role="textbox" of its own: it gets the label too.
      var shown = box.querySelector(".select2-selection__rendered[role=textbox]");
      if (shown) { shown.setAttribute("aria-labelledby", label.id + " " + shown.id); }
      var named = (box.getAttribute("aria-labelledby") || "").split(" ");
      if (named.indexOf(label.id) === -1) {
        box.setAttribute("aria-labelledby", [label.id].concat(named).join(" ").trim());
      }
    });
  }

  function start() {
    repair(document);
    var pending = false;
    new MutationObserver(function () {
      if (pending) { return; }
      pending = true;
      window.requestAnimationFrame(function () { pending = false; repair(document); });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
