// Term tooltips: hover or focus shows a term's definition, Escape hides it, the first tap
// on a touch screen shows it (the second follows the link). Without this script every term
// is still an ordinary link to its glossary entry.
(function () {
  "use strict";
  var MARGIN = 8;
  var shown = null; // { term, tip }
  var hideTimer = null;
  var lastPointer = "mouse";
  var tappedOpenTerm = false; // was the tapped term's tooltip already open when the tap began?

  function tipFor(term) {
    var id = term.getAttribute("aria-describedby");
    return id ? document.getElementById(id) : null;
  }

  function place(term, tip) {
    // Measure hidden-but-rendered, then keep the tooltip inside the viewport.
    tip.style.left = "0px";
    tip.style.top = "0px";
    var viewport = document.documentElement.clientWidth;
    var width = tip.offsetWidth; // the stylesheet caps it at the viewport's width
    var box = term.getClientRects()[0] || term.getBoundingClientRect();
    var left = Math.max(MARGIN, Math.min(box.left, viewport - width - MARGIN));
    var below = box.bottom + 6;
    var height = tip.offsetHeight;
    var top = below + height > window.innerHeight && box.top - height - 6 > 0
      ? box.top - height - 6 : below;
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (top + window.scrollY) + "px";
  }

  function show(term) {
    var tip = tipFor(term);
    if (!tip) return;
    clearTimeout(hideTimer);
    if (shown && shown.tip !== tip) hide();
    tip.hidden = false;
    tip.classList.add("is-open");
    place(term, tip);
    term.setAttribute("aria-expanded", "true");
    shown = { term: term, tip: tip };
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!shown) return;
    shown.tip.hidden = true;
    shown.tip.classList.remove("is-open");
    shown.term.removeAttribute("aria-expanded");
    shown = null;
  }

  function hideSoon() {
    // A short grace period lets the pointer travel from the term into the tooltip.
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  function termOf(node) {
    return node && node.closest ? node.closest("a.term") : null;
  }

  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType || "mouse";
    tappedOpenTerm = !!shown && termOf(event.target) === shown.term;
    if (shown && !shown.tip.contains(event.target) && termOf(event.target) !== shown.term) {
      hide();
    }
  }, true);

  document.addEventListener("mouseover", function (event) {
    if (lastPointer === "touch") return;
    var term = termOf(event.target);
    if (term) show(term);
    else if (shown && shown.tip.contains(event.target)) clearTimeout(hideTimer);
  });

  document.addEventListener("mouseout", function (event) {
    if (lastPointer === "touch" || !shown) return;
    var to = event.relatedTarget;
    if (to && (shown.tip.contains(to) || termOf(to) === shown.term)) return;
    if (termOf(event.target) === shown.term || shown.tip.contains(event.target)) hideSoon();
  });

  document.addEventListener("focusin", function (event) {
    var term = termOf(event.target);
    if (term) show(term);
    else if (shown && !shown.tip.contains(event.target)) hide();
  });

  document.addEventListener("click", function (event) {
    var term = termOf(event.target);
    if (!term || lastPointer !== "touch") return;
    // First tap explains, a second tap on the same term follows the link.
    if (!tappedOpenTerm) {
      event.preventDefault();
      show(term);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && shown) {
      var term = shown.term;
      var focusWasInTip = shown.tip.contains(document.activeElement);
      hide();
      if (focusWasInTip) term.focus();
    }
  });

  window.addEventListener("resize", function () {
    if (shown) place(shown.term, shown.tip);
  });
})();
