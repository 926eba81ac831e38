// Wide tables scroll inside their own box on a phone (.table-responsive, .table-scroll). A box
// that scrolls must take the keyboard focus, or a keyboard user cannot see what is beyond the
// edge (WCAG 2.1.1); a focusable box needs a name: its table's caption. A box that fits gets no
// extra tab stop. Boxes that carry their own tabindex in the HTML are left alone. Checked again
// whenever a box changes size (a turned phone, an opened <details>).
(function () {
  "use strict";
  var made = 0;

  function nameFor(box) {
    var caption = box.querySelector("caption");
    if (caption) {
      if (!caption.id) { caption.id = "scroll-box-caption-" + (++made); }
      return caption.id;
    }
    var section = box.closest("section[aria-labelledby]");
    return section ? section.getAttribute("aria-labelledby") : null;
  }

  function update(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      var name = nameFor(box);
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (name) { box.setAttribute("aria-labelledby", name); }
      box.dataset.scrollBox = "script";
    } else if (!scrolls && box.dataset.scrollBox === "script") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-labelledby");
      delete box.dataset.scrollBox;
    }
  }

  var boxes = document.querySelectorAll(".table-responsive, .table-scroll");
  if (!boxes.length) { return; }
  var check = function (entries) { entries.forEach(function (e) { update(e.target); }); };
  var observer = "ResizeObserver" in window ? new ResizeObserver(check) : null;
  boxes.forEach(function (box) {
    update(box);
    if (observer) { observer.observe(box); }
  });
  window.addEventListener("resize", function () { boxes.forEach(update); });
})();
