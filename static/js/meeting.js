// Teamgesprek: the left and right arrow keys go to the previous and next condition, but only
// while the focus rests on the page itself (not on a link, a button, a field or anything else
// that takes keys) and nothing has been typed in a form that is not yet saved. An arrow key
// must never throw away an action point that is being written.
(function () {
  "use strict";
  var root = document.querySelector(".meeting[data-next]");
  if (!root) return;
  var typed = false;
  document.addEventListener("input", function (event) {
    if (event.target.closest("form")) typed = true;
  });
  document.addEventListener("submit", function () { typed = false; });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    if (typed || event.defaultPrevented) return;
    // Only the page itself: a focused link, button, field or scroll box keeps its own keys.
    var target = event.target;
    if (target !== document.body && target !== document.documentElement && target.tagName !== "MAIN") return;
    window.location.href = event.key === "ArrowRight" ? root.dataset.next : root.dataset.previous;
  });
})();
