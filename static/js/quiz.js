// Quiz form: "8 of 17 answered" as the learner goes, and after the first submit the button is
// disabled so a second click does not post again (the server already turns a double submit into
// one attempt; this only spares the round trip).
(function () {
  "use strict";
  document.querySelectorAll("form[data-quiz-form]").forEach(function (form) {
    var questions = form.querySelectorAll("[data-quiz-question]");
    var counter = form.querySelector("[data-quiz-answered]");

    function update() {
      var answered = 0;
      questions.forEach(function (question) {
        if (question.querySelector("input:checked")) {
          answered += 1;
        }
      });
      counter.textContent = answered + " of " + questions.length + " answered";
    }

    if (counter && questions.length) {
      counter.hidden = false;
      update();
      form.addEventListener("change", update);
    }

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
