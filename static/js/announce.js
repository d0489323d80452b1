/*
 * Screen-reader messages, shared by the scripts of a page: RoadmapAtlas.announce(region, text)
 * puts `text` in `region`, an aria-live element the template renders (e.g. data-progress-announce).
 * Load it before the scripts that use it; deferred scripts run in the order they appear.
 */
(function () {
  "use strict";

  var atlas = (window.RoadmapAtlas = window.RoadmapAtlas || {});

  atlas.announce = function (region, text) {
    if (!region) {
      return;
    }
    region.textContent = "";
    // A fresh text node after a tick, so screen readers announce a repeat of the same words.
    window.setTimeout(function () {
      region.textContent = text;
    }, 50);
  };
})();
