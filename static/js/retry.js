/* 503 page: reload after the delay in data-retry-after (seconds), showing a countdown. */
(function () {
  "use strict";
  var box = document.querySelector("[data-retry-after]");
  if (!box) {
    return;
  }
  var left = parseInt(box.getAttribute("data-retry-after"), 10) || 15;
  var timer = window.setInterval(function () {
    left -= 1;
    if (left <= 0) {
      window.clearInterval(timer);
      box.textContent = "Retrying now…";
      window.location.reload();
      return;
    }
    if (left % 5 === 0) {
      box.textContent = "Retrying in about " + left + " seconds.";
    }
  }, 1000);
})();
