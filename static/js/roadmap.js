/* Roadmap page: mark the "On this page" link of the section being read.
   Progressive enhancement only: the links work without it. */
(function () {
  "use strict";
  var links = document.querySelectorAll("[data-toc] .toc-link");
  if (!links.length || !("IntersectionObserver" in window)) {
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
  var visible = {};

  function mark(id) {
    Array.prototype.forEach.call(links, function (link) {
      link.classList.remove("is-current");
      link.removeAttribute("aria-current");
    });
    (byId[id] || []).forEach(function (link) {
      link.classList.add("is-current");
      link.setAttribute("aria-current", "location");
    });
  }

  var observer = new IntersectionObserver(
    function (entries) {
      entries.forEach(function (entry) {
        visible[entry.target.id] = entry.isIntersecting;
      });
      for (var i = 0; i < sections.length; i++) {
        if (visible[sections[i].id]) {
          mark(sections[i].id);
          return;
        }
      }
    },
    { rootMargin: "0px 0px -65% 0px" }
  );
  sections.forEach(function (section) {
    observer.observe(section);
  });
})();
