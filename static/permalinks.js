// Paragraph links: every paragraph of a report has an id (its section's slug and its
// number); this adds its ¶ link, as each heading has its # link in the page itself. Written
// into the HTML of every paragraph they were a tenth of a large site's bytes.
(function () {
  "use strict";
  document.querySelectorAll(".report-body p[id]").forEach(function (paragraph) {
    var link = document.createElement("a");
    link.className = "permalink";
    link.setAttribute("href", "#" + paragraph.id);
    link.setAttribute("aria-label", "本段链接");
    link.textContent = "¶";
    paragraph.appendChild(link);
  });
})();
