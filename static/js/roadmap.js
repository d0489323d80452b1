/* Roadmap page: mark the "On this page" link of the section being read (the last section whose
   top has passed a line a third of the way down the window). Progressive enhancement only:
   the links work without it. */
(function () {
  "use strict";
  var links = document.querySelectorAll("[data-toc] .toc-link");
  if (!links.length) {
    return;
  }
  var byId = {};
  var sections = [];
  Array.prototype.forEach.call(links, function (link) {
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    (byId[id] = byId[id] || []).push(link);
    var section = document.getElementById(id);
    if (section && sections.indexOf(section) === -1) {
      sections.push(section);
    }
  });
  var current = null;
  var pending = false;

  function mark(id) {
    if (id === current) {
      return;
    }
    current = id;
    Array.prototype.forEach.call(links, function (link) {
      link.classList.remove("is-current");
      link.removeAttribute("aria-current");
    });
    (byId[id] || []).forEach(function (link) {
      link.classList.add("is-current");
      link.setAttribute("aria-current", "location");
    });
  }

  function update() {
    pending = false;
    var line = window.innerHeight / 3;
    var found = null;
    for (var i = 0; i < sections.length; i++) {
      if (sections[i].getBoundingClientRect().top <= line) {
        found = sections[i].id;
      } else {
        break;
      }
    }
    var atBottom =
      window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
    if (atBottom && sections.length) {
      found = sections[sections.length - 1].id;
    }
    mark(found);
  }

  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(update);
    }
  }

  window.addEventListener("scroll", schedule, { passive: true });
  window.addEventListener("resize", schedule);
  update();
})();
