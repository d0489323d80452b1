/*
 * Step status: progressive enhancement of the forms in templates/progress/includes/step_status.html.
 * Without JavaScript each button posts its form and the page reloads at the step. With it, the
 * form is posted with fetch (Accept: application/json), the step's buttons and the progress bar
 * are updated in place, and the change is announced in the aria-live region (static/js/announce.js).
 */
(function () {
  "use strict";

  function announce(text) {
    window.RoadmapAtlas.announce(document.querySelector("[data-progress-announce]"), text);
  }

  function updateButtons(form, status) {
    form.querySelectorAll("[data-status-button]").forEach(function (button) {
      var variant = button.getAttribute("data-variant"); // rendered from StepStatus
      var pressed = button.value === status;
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
      button.classList.toggle("btn-" + variant, pressed);
      button.classList.toggle("btn-outline-" + variant, !pressed);
    });
  }

  function updateBar(data) {
    document.querySelectorAll("[data-progress-root] [data-progress-bar]").forEach(function (bar) {
      bar.setAttribute("aria-valuenow", String(data.done));
      bar.setAttribute("aria-valuemax", String(data.total));
      bar.setAttribute("aria-valuetext", data.label);
      var fill = bar.querySelector("[data-progress-fill]");
      if (fill) {
        fill.setAttribute("width", String(data.percent));
      }
    });
    document.querySelectorAll("[data-progress-label]").forEach(function (label) {
      label.textContent = data.label;
    });
  }

  // Busy buttons get aria-disabled, not disabled: disabling the focused button would drop
  // keyboard and screen-reader users' focus to the page body.
  function setBusy(form, busy) {
    form.setAttribute("aria-busy", busy ? "true" : "false");
    form.querySelectorAll("[data-status-button]").forEach(function (button) {
      if (busy) {
        button.setAttribute("aria-disabled", "true");
      } else {
        button.removeAttribute("aria-disabled");
      }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-progress-form")) {
      return;
    }
    var button = event.submitter;
    if (!button || !button.hasAttribute("data-status-button") || !window.fetch) {
      return; // let the browser post the form
    }
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") {
      return; // a save of this step is under way: ignore repeated presses
    }
    var body = new FormData(form);
    body.set("status", button.value);
    var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
    var headers = { Accept: "application/json" };
    if (tokenInput) {
      headers["X-CSRFToken"] = tokenInput.value;
    }
    var stepTitle = form.getAttribute("data-step-title");
    setBusy(form, true);
    fetch(form.action, {
      method: "POST",
      body: body,
      headers: headers,
      credentials: "same-origin",
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (data) {
            if (!response.ok) {
              throw new Error(data.error || "Your status could not be saved. Please try again.");
            }
            return data;
          });
      })
      .then(function (data) {
        updateButtons(form, data.status);
        updateBar(data);
        var name = stepTitle ? stepTitle + ": " : "";
        announce(name + data.status_label + ". " + data.label + ".");
      })
      .catch(function (error) {
        announce(error.message || "Your status could not be saved. Please try again.");
      })
      .then(function () {
        setBusy(form, false);
        if (document.activeElement === document.body || !document.activeElement) {
          button.focus();
        }
      });
  });
})();
