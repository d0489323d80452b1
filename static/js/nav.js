/*
 * The navigation's toggle on narrow screens: the only part of Bootstrap's JavaScript the site used,
 * so the 80 KB bundle is not shipped. Opens and closes the target of a
 * [data-bs-toggle="collapse"] button and keeps aria-expanded true to what is shown.
 */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest('[data-bs-toggle="collapse"]');
    if (!button) {
      return;
    }
    var target = document.querySelector(button.getAttribute("data-bs-target"));
    if (!target) {
      return;
    }
    var open = !target.classList.contains("show");
    target.classList.toggle("show", open);
    button.classList.toggle("collapsed", !open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
