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

// A phone shows a few quarters at a time: bring today's quarter into view, not the plan's first one.
(function () {
  const scroller = document.querySelector(".tl-scroll");
  const now = scroller && scroller.querySelector(".tl-quarter.is-now");
  const label = scroller && scroller.querySelector(".tl-axis .tl-label");
  if (!now || !label) return;
  function showToday() {
    const left = now.offsetLeft - scroller.scrollLeft;
    if (left < label.offsetWidth || left + now.offsetWidth > scroller.clientWidth) {
      scroller.scrollLeft = Math.max(0, now.offsetLeft - label.offsetWidth - 2 * now.offsetWidth);
    }
  }
  showToday();
  window.addEventListener("resize", showToday);
})();

// On a phone the filter form would fill the first screen: it starts folded (its summary counts the filters).
(function () {
  const panel = document.getElementById("filter-panel");
  if (panel && window.matchMedia("(max-width: 600px)").matches) panel.open = false;
})();
