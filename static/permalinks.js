// Paragraph links: every paragraph of a report has an id (its section's place and its
// number: s3-2 is the second paragraph after the third heading); this adds its ¶ link, as
// each heading has its # link in the page itself. Written into the HTML of every paragraph
// they were a tenth of a large site's bytes.
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

  // A link shared before ids named the section by its place names it by its heading's id,
  // "十三五时期工作回顾-2": go on to that paragraph (s<the heading's place>-2), on arrival
  // and when such a link is followed within the page.
  function followOldLink() {
    var hash;
    try {
      hash = decodeURIComponent(location.hash.slice(1));
    } catch (error) {
      return; // not percent-encoded text: no id of ours
    }
    var old = /^(.+)-(\d+)$/.exec(hash);
    if (!old || document.getElementById(hash)) return;
    var headings = document.querySelectorAll(".report-body :is(h1, h2, h3, h4, h5, h6)");
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].id !== old[1]) continue;
      var paragraph = document.getElementById("s" + (i + 1) + "-" + old[2]);
      if (paragraph) location.replace("#" + paragraph.id);
      return;
    }
  }
  followOldLink();
  window.addEventListener("hashchange", followOldLink);
})();
