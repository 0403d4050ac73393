// The preview's note on a report page: how many candidate terms of this report are still
// undefined (templates/report.html). The counts come from gaps/counts.json, which the
// preview makes when this asks for it (jiedu/gaps/page.py): never at every save.
(function () {
  "use strict";
  var note = document.querySelector(".gap-note[data-report]");
  if (!note) return;
  function say(text) {
    note.insertBefore(document.createTextNode(text), note.firstChild);
  }
  fetch(note.getAttribute("data-counts"))
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (counts) {
      say("本文还有 " + (counts[note.getAttribute("data-report")] || 0) + " 个候选术语未释义 · ");
    })
    .catch(function () {
      say("候选术语数未能读出 · ");
    });
})();
