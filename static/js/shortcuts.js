/*
 * Keyboard shortcuts on the roadmap page: j/k move between steps, d/i/s/r set the current
 * step's status, ? opens the list of keys (templates/roadmap/includes/shortcuts_help.html).
 *
 * The status keys click the step's own status buttons (templates/progress/includes/
 * step_status.html): the form is still what saves, and static/js/progress.js updates the page
 * and announces the result. Keys never fire while typing in a field, with Ctrl, Alt or Meta,
 * or while the help dialog is open. Each key has a visible button doing the same.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-shortcuts]");
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-progress-form]:not([data-topic-form])"));
  if (!root || !forms.length) {
    return;
  }

  var dialog = document.querySelector("[data-shortcuts-dialog]");
  var region = root.querySelector("[data-shortcuts-announce]");
  var steps = forms.map(function (form) {
    return form.closest("article") || form.parentElement;
  });
  var current = -1;
  var opener = null;

  // Each status button carries its key (data-shortcut, rendered from StepStatus).
  var statusKeys = {};
  root.hidden = false;
  forms.forEach(function (form) {
    form.querySelectorAll('button[name="status"][data-shortcut]').forEach(function (button) {
      var key = button.getAttribute("data-shortcut");
      statusKeys[key] = true;
      button.setAttribute("aria-keyshortcuts", key);
    });
  });

  function announce(text) {
    window.RoadmapAtlas.announce(region, text); // static/js/announce.js
  }

  function stepTitle(index) {
    return forms[index].getAttribute("data-step-title") || "";
  }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  /* The step the keys act on: the one holding the focus, else the last one moved to,
     else the one the address points at (#step-slug), else none. */
  function currentIndex() {
    var active = document.activeElement;
    for (var i = 0; i < steps.length; i++) {
      if (active && steps[i].contains(active)) {
        return i;
      }
    }
    if (current >= 0) {
      return current;
    }
    var hash = window.location.hash ? decodeURIComponent(window.location.hash.slice(1)) : "";
    for (var j = 0; j < steps.length; j++) {
      if (hash && steps[j].id === hash) {
        return j;
      }
    }
    return -1;
  }

  function moveTo(index) {
    index = Math.max(0, Math.min(steps.length - 1, index));
    if (current >= 0 && steps[current]) {
      steps[current].classList.remove("is-shortcut-current");
    }
    current = index;
    var step = steps[index];
    step.classList.add("is-shortcut-current");
    if (!step.hasAttribute("tabindex")) {
      step.setAttribute("tabindex", "-1");
    }
    step.focus({ preventScroll: true });
    step.scrollIntoView({ block: "center", behavior: reducedMotion() ? "auto" : "smooth" });
    announce("Step " + (index + 1) + " of " + steps.length + ": " + stepTitle(index) + ".");
  }

  function move(delta) {
    var index = currentIndex();
    if (index < 0) {
      moveTo(delta > 0 ? 0 : steps.length - 1);
      return;
    }
    var target = index + delta;
    if (target < 0 || target >= steps.length) {
      announce(delta > 0 ? "This is the last step." : "This is the first step.");
      return;
    }
    moveTo(target);
  }

  function setStatus(key) {
    var index = currentIndex();
    if (index < 0) {
      announce("No step chosen yet: press j for the next step or k for the previous one.");
      return;
    }
    if (index !== current) {
      moveTo(index); // mark it as the current step, so the next keys act on it too
    }
    var button = forms[index].querySelector('button[name="status"][data-shortcut="' + key + '"]');
    if (button && !button.disabled) {
      button.click(); // progress.js saves it in place (or the form posts) and announces it
    }
  }

  function openHelp() {
    if (!dialog || dialog.open) {
      return;
    }
    opener = document.activeElement;
    if (typeof dialog.showModal === "function") {
      dialog.showModal();
    } else {
      dialog.setAttribute("open", "");
    }
  }

  if (dialog) {
    dialog.addEventListener("close", function () {
      if (opener && typeof opener.focus === "function" && document.contains(opener)) {
        opener.focus({ preventScroll: true });
      }
      opener = null;
    });
  }

  function isTyping(target) {
    if (!target || !(target instanceof Element)) {
      return false;
    }
    if (target.isContentEditable) {
      return true;
    }
    return Boolean(target.closest("input, textarea, select, [contenteditable]"));
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) {
      return;
    }
    if (event.isComposing || isTyping(event.target)) {
      return;
    }
    if (dialog && dialog.open) {
      return; // Escape closes it natively; nothing else acts behind it
    }
    var key = event.key;
    if (key === "?") {
      event.preventDefault();
      openHelp();
      return;
    }
    if (event.shiftKey) {
      return;
    }
    if (key === "j" || key === "k") {
      event.preventDefault();
      move(key === "j" ? 1 : -1);
    } else if (Object.prototype.hasOwnProperty.call(statusKeys, key)) {
      if (event.repeat) {
        return;
      }
      event.preventDefault();
      setStatus(key);
    }
  });

  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-shortcut-action]");
    if (!button) {
      return;
    }
    var action = button.getAttribute("data-shortcut-action");
    if (action === "next") {
      move(1);
    } else if (action === "previous") {
      move(-1);
    } else if (action === "help") {
      openHelp();
    }
  });
})();
