// The plan explorer's pages work without this script. It lets Escape close a timeline card
// (content shown on hover or focus must be dismissible without moving the pointer or the focus).
"use strict";

(function () {
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    for (const row of document.querySelectorAll(".tl-row:hover, .tl-row:focus-within")) {
      row.classList.add("is-dismissed");
    }
  });
  function restore(event) {
    const row = event.target.closest && event.target.closest(".tl-row.is-dismissed");
    if (row && !row.contains(event.relatedTarget)) row.classList.remove("is-dismissed");
  }
  document.addEventListener("mouseout", restore);
  document.addEventListener("focusout", restore);
})();

// A phone shows a few quarters at a time: start the timeline at today's quarter, not at the plan's first one.
(function () {
  const scroller = document.querySelector(".tl-scroll");
  const now = scroller && scroller.querySelector(".tl-quarter.is-now");
  const label = scroller && scroller.querySelector(".tl-axis .tl-label");
  if (!now || !label) return;
  const hidden = now.offsetLeft - label.offsetWidth - 2 * now.offsetWidth;
  if (now.offsetLeft + now.offsetWidth > scroller.clientWidth) scroller.scrollLeft = Math.max(0, hidden);
})();
