/*
 * "Copy link": copies the address in [data-copy-source] and says so. Without JavaScript (or a
 * clipboard) the button stays hidden and the address stays in a field the learner can select.
 */
(function () {
  "use strict";

  var button = document.querySelector("[data-copy-button]");
  var source = document.querySelector("[data-copy-source]");
  var status = document.querySelector("[data-copy-status]");
  if (!button || !source || !navigator.clipboard) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(source.value).then(
      function () {
        status.textContent = "Link copied.";
      },
      function () {
        source.select();
        status.textContent = "Press Ctrl+C (or ⌘C) to copy the selected link.";
      }
    );
  });
})();
