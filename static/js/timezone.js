/* Sign-up: fill the hidden time zone field with the browser's IANA zone (e.g. Europe/Berlin),
   so plan dates and the activity calendar start out in the learner's own days. Without
   JavaScript, or when the browser does not say, the account starts in UTC; the settings page
   changes it either way. */
(function () {
  "use strict";
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  if (!zone) {
    return;
  }
  document.querySelectorAll("input[data-detect-time-zone]").forEach(function (input) {
    if (!input.value) {
      input.value = zone;
    }
  });
})();
