// Term tooltips: hover or focus shows a term's definition, Escape hides it, the first tap
// on a touch screen shows it (the second follows the link). The page holds each definition
// once, in its 本文术语 list, and a term is written as a short link to it, like a footnote
// (jiedu/annotate.py): that is what readers without this script get. The script turns each
// into a link to the term's glossary page, whose aria-describedby names the entry (screen
// readers read it from there), and copies the entry into the page's one tooltip.
(function () {
  "use strict";
  var MARGIN = 8;
  var tip = document.querySelector(".term-tip"); // templates/term-tip.html
  var shown = null; // the term whose definition the tooltip shows
  var filledFor = null; // the term the tooltip was last filled for
  var hideTimer = null;
  var lastPointer = "mouse";
  var tappedOpenTerm = false; // was the tapped term's tooltip already open when the tap began?
  if (!tip) return;

  // A term's link is written a[href^="#t_"] (body ids never hold "_"), to its entry's dd.
  document.querySelectorAll('.report-body a[href^="#t_"]').forEach(function (term) {
    var id = term.getAttribute("href").slice(1);
    var definition = document.getElementById(id);
    var page = definition && pageLinkOf(definition);
    if (!page) return;
    term.classList.add("term");
    term.setAttribute("aria-describedby", id);
    term.setAttribute("href", page.getAttribute("href"));
  });

  // The entry's dt, just before its dd (templates/term-item.html), links the term's name
  // to its glossary page.
  function pageLinkOf(definition) {
    var name = definition.previousElementSibling;
    return name && name.tagName === "DT" ? name.querySelector("a") : null;
  }

  function definitionOf(term) {
    var id = term.getAttribute("aria-describedby");
    return id ? document.getElementById(id) : null;
  }

  function nameOf(definition) {
    var name = pageLinkOf(definition);
    return name ? name.textContent : "";
  }

  function fill(term, definition) {
    var copy = definition.cloneNode(true);
    copy.querySelectorAll("[id]").forEach(function (node) { node.removeAttribute("id"); });
    var text = tip.querySelector(".term-tip-text");
    text.textContent = "";
    while (copy.firstChild) text.appendChild(copy.firstChild);
    tip.querySelector(".term-tip-title").textContent = nameOf(definition);
    tip.querySelector(".term-tip-link").setAttribute("href", term.getAttribute("href"));
    filledFor = term;
  }

  function place(term) {
    // Measure hidden-but-rendered, then keep the tooltip inside the viewport.
    tip.style.left = "0px";
    tip.style.top = "0px";
    var viewport = document.documentElement.clientWidth;
    var width = tip.offsetWidth; // the stylesheet caps it at the viewport's width
    // A term broken over two lines: below its last piece, or above its first, never over it.
    var rects = term.getClientRects();
    var first = rects[0] || term.getBoundingClientRect();
    var last = rects[rects.length - 1] || first;
    var height = tip.offsetHeight;
    var below = last.bottom + 6;
    var above = below + height > window.innerHeight && first.top - height - 6 > 0;
    var top = above ? first.top - height - 6 : below;
    var anchor = above ? first : last;
    var left = Math.max(MARGIN, Math.min(anchor.left, viewport - width - MARGIN));
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (top + window.scrollY) + "px";
  }

  function show(term) {
    var definition = definitionOf(term);
    if (!definition) return;
    clearTimeout(hideTimer);
    if (shown && shown !== term) hide();
    if (filledFor !== term) fill(term, definition);
    tip.hidden = false;
    tip.classList.add("is-open");
    place(term);
    term.setAttribute("aria-expanded", "true");
    shown = term;
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!shown) return;
    tip.hidden = true;
    tip.classList.remove("is-open");
    shown.removeAttribute("aria-expanded");
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
    tappedOpenTerm = !!shown && termOf(event.target) === shown;
    if (shown && !tip.contains(event.target) && termOf(event.target) !== shown) hide();
  }, true);

  document.addEventListener("mouseover", function (event) {
    if (lastPointer === "touch") return;
    var term = termOf(event.target);
    if (term) show(term);
    else if (shown && tip.contains(event.target)) clearTimeout(hideTimer);
  });

  document.addEventListener("mouseout", function (event) {
    if (lastPointer === "touch" || !shown) return;
    var to = event.relatedTarget;
    if (to && (tip.contains(to) || termOf(to) === shown)) return;
    if (termOf(event.target) === shown || tip.contains(event.target)) hideSoon();
  });

  document.addEventListener("focusin", function (event) {
    var term = termOf(event.target);
    if (term) show(term);
    else if (shown && !tip.contains(event.target)) hide();
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
      var term = shown;
      var focusWasInTip = tip.contains(document.activeElement);
      hide();
      if (focusWasInTip) term.focus();
    }
  });

  window.addEventListener("resize", function () {
    if (shown) place(shown);
  });
})();
