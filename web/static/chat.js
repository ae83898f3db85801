// Page helpers for server-rendered pages (kept out of the templates: the CSP forbids inline script).
// On a source page, move focus to the cited passage so keyboard and screen-reader users land on it.
(function () {
  "use strict";
  function focusPassage() {
    var mark = document.getElementById("passage");
    if (!mark) return;
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusPassage);
  else focusPassage();
})();
