/*
 * Step status: progressive enhancement of the forms in templates/progress/includes/step_status.html.
 * Without JavaScript each button posts its form and the page reloads at the step. With it, the
 * form is posted with fetch (Accept: application/json), the step's buttons and the progress bar
 * are updated in place, and the change is announced in the aria-live region (static/js/announce.js).
 * The map of the route (templates/progress/includes/route_map.html) and the step cards follow
 * the new state, and a milestone (a step done, every step done) shows under the step.
 */
(function () {
  "use strict";

  var STATUS_BUTTONS = 'button[name="status"]'; // a status form's buttons

  function announce(text) {
    window.RoadmapAtlas.announce(document.querySelector("[data-progress-announce]"), text);
  }

  // A status button's colour, from the class it was rendered with (StepStatus' variant):
  // "btn-success" when pressed, "btn-outline-success" when not.
  function variantOf(button) {
    if (!button.dataset.variant) {
      var match = button.className.match(/\bbtn-(?:outline-)?(?!sm\b|lg\b)([a-z]+)\b/);
      button.dataset.variant = match ? match[1] : "secondary";
    }
    return button.dataset.variant;
  }

  function updateButtons(form, status) {
    form.querySelectorAll(STATUS_BUTTONS).forEach(function (button) {
      var variant = variantOf(button);
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

  var STATE_WORDS = {
    done: "done",
    in_progress: "in progress",
    skipped: "skipped",
    not_started: "not started",
  };

  function setState(element, prefix, state, separator) {
    Object.keys(STATE_WORDS).forEach(function (name) {
      element.classList.remove(prefix + name.replace("_", separator));
    });
    element.classList.add(prefix + state.replace("_", separator));
  }

  // The step's card and its node on every layout of the map; "you are here" moves to the next
  // step neither done nor skipped (data.next_step), the route fills behind the done steps.
  function updateRoute(step, data) {
    document.querySelectorAll("[data-step-item]").forEach(function (item) {
      var slug = item.getAttribute("data-step-item");
      if (slug === step) {
        setState(item, "step-", data.status, "-");
      }
      item.classList.toggle("step-current", slug === data.next_step);
    });
    document.querySelectorAll("[data-map-step]").forEach(function (node) {
      var slug = node.getAttribute("data-map-step");
      if (slug === step) {
        setState(node, "route-step-", data.status, "_");
      }
      node.classList.toggle("is-current", slug === data.next_step);
      var state = (node.getAttribute("class").match(/route-step-([a-z_]+)/) || [])[1];
      var title = node.querySelector("[data-map-title]");
      if (title && state) {
        title.textContent =
          node.getAttribute("data-map-name") +
          ", " +
          STATE_WORDS[state] +
          (slug === data.next_step ? ", you are here" : "");
      }
    });
    document.querySelectorAll('[data-map-line="' + step + '"]').forEach(function (line) {
      line.classList.toggle("route-line-done", data.status === "done");
    });
  }

  function updateBead(form, status) {
    var topic = form.closest("[id]");
    if (!topic) {
      return;
    }
    document.querySelectorAll('[data-route-map] a[href="#' + topic.id + '"]').forEach(function (bead) {
      setState(bead, "route-topic-", status, "_");
    });
  }

  // A milestone, visible under the step (and announced): what the step's status achieved.
  function showMilestone(form, data) {
    var box = document.querySelector('[data-step-milestone="' + data.step + '"]');
    if (!box) {
      return;
    }
    box.textContent = data.milestone || "";
    if (data.milestone && data.unlocked) {
      box.appendChild(document.createTextNode(" "));
      var link = document.createElement("a");
      link.href = data.unlocked.url;
      link.className = "alert-link";
      link.textContent = data.unlocked.label;
      box.appendChild(link);
    }
    box.hidden = !data.milestone;
  }

  // A topic's answer carries its step's count ("4 of 7 topics") and whether every topic is
  // ticked, when the page offers (never does) to mark the step done.
  function updateTopics(data) {
    var selector = '[data-topics-label="' + data.step + '"]';
    document.querySelectorAll(selector).forEach(function (label) {
      label.textContent = data.topics_label;
    });
    var offer = document.querySelector('[data-step-done-offer="' + data.step + '"]');
    if (offer) {
      offer.hidden = !data.offers_done;
    }
    var sentence = data.topics_label + " ticked.";
    return data.offers_done ? sentence + " Every topic is ticked: you can mark the step done." : sentence;
  }

  // Busy buttons get aria-disabled, not disabled: disabling the focused button would drop
  // keyboard and screen-reader users' focus to the page body.
  function setBusy(form, busy) {
    form.setAttribute("aria-busy", busy ? "true" : "false");
    form.querySelectorAll(STATUS_BUTTONS).forEach(function (button) {
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
    if (!button || !button.matches(STATUS_BUTTONS) || !window.fetch) {
      return; // let the browser post the form
    }
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") {
      return; // a save of this step is under way: ignore repeated presses
    }
    // Sent as the form would be without script (urlencoded): cheaper to read than multipart.
    var body = new URLSearchParams(new FormData(form));
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
        var name = stepTitle ? stepTitle + ": " : "";
        if (form.hasAttribute("data-topic-form")) {
          updateBead(form, data.status);
          announce(name + data.status_label + ". " + updateTopics(data));
        } else {
          updateBar(data);
          updateRoute(data.step, data);
          showMilestone(form, data);
          announce(name + data.status_label + ". " + (data.milestone || data.label + "."));
        }
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

  // "Mark done" on a curated resource: the same form, posted in place.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-resource-form")) {
      return;
    }
    if (!window.fetch) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("[data-resource-button]");
    var doneInput = form.querySelector("input[name=done]");
    var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
    var headers = { Accept: "application/json" };
    if (tokenInput) {
      headers["X-CSRFToken"] = tokenInput.value;
    }
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: headers,
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) {
            throw new Error(data.error || "Could not save. Please try again.");
          }
          return data;
        });
      })
      .then(function (data) {
        var hidden = button.querySelector(".visually-hidden");
        button.textContent = data.done ? "Done ✓" : "Mark done";
        if (hidden) {
          button.appendChild(hidden);
        }
        button.setAttribute("aria-pressed", data.done ? "true" : "false");
        button.classList.toggle("btn-success", data.done);
        button.classList.toggle("btn-outline-success", !data.done);
        doneInput.value = data.done ? "0" : "1";
        form.closest(".resource").classList.toggle("resource-done", data.done);
        announce(data.label + ".");
      })
      .catch(function (error) {
        announce(error.message || "Could not save. Please try again.");
      });
  });
})();
