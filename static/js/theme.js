/* Follow the system colour scheme: set Bootstrap 5.3's data-bs-theme on <html>, and keep it in
   step when the system setting changes. Loaded blocking in <head> so the page never flashes the
   wrong theme. Also marks <html> with "js" so CSS can tell that scripts run. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  if (!window.matchMedia) {
    return;
  }
  var query = window.matchMedia("(prefers-color-scheme: dark)");
  function apply() {
    root.setAttribute("data-bs-theme", query.matches ? "dark" : "light");
  }
  apply();
  if (query.addEventListener) {
    query.addEventListener("change", apply);
  } else if (query.addListener) {
    query.addListener(apply);
  }
})();
