// Quiz form: after the first submit, disable the button so a second click does not post again.
// The server already turns a double submit into one attempt; this only spares the round trip.
(function () {
  "use strict";
  document.querySelectorAll("form[data-quiz-form]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("[data-quiz-submit]");
      if (!button) return;
      window.setTimeout(function () {
        button.disabled = true;
        button.textContent = "Submitting…";
      }, 0);
    });
  });
})();
