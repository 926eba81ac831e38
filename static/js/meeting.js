// Teamgesprek: the left and right arrow keys go to the previous and next condition, unless
// the focus is in a form field (where the arrows move the cursor or the choice).
(function () {
  "use strict";
  var root = document.querySelector(".meeting[data-next]");
  if (!root) return;
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    if (target.closest("input, select, textarea, summary, [contenteditable]")) return;
    if (event.key === "ArrowRight") {
      window.location.href = root.dataset.next;
    } else if (event.key === "ArrowLeft") {
      window.location.href = root.dataset.previous;
    }
  });
})();
