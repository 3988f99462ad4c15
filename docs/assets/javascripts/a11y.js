// Names and roles for elements Material 9.8.2's own scripts create without them (its templates
// cannot be overridden for these), set as soon as they appear:
// - an annotation's marker, <a class="md-annotation__index">, shows its number through CSS
//   only, so it has no accessible name (axe: link-name);
// - the copy button's bar, <nav class="md-code__nav">, makes every code block an unnamed
//   navigation landmark (axe: landmark-unique); it is no navigation, so it gets role="none";
// - the wrapper that lets a wide table scroll sideways, .md-typeset__scrollwrap, cannot take
//   focus, so a keyboard cannot scroll it (axe: scrollable-region-focusable).
// Compare with Material's src/templates/assets/javascripts/components/content/{annotation,code}
// on an upgrade (tests/browser/test_accessibility.py runs axe over every page).
(function () {
  "use strict";
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;
  var word = zh ? "注释 " : "Annotation ";
  var pending = false;

  function name() {
    pending = false;
    document.querySelectorAll(".md-annotation__index:not([aria-label])").forEach(function (a) {
      var number = a.querySelector("[data-md-annotation-id]");
      a.setAttribute("aria-label", word + (number ? number.getAttribute("data-md-annotation-id") : ""));
    });
    document.querySelectorAll("nav.md-code__nav:not([role])").forEach(function (nav) {
      nav.setAttribute("role", "none");
    });
    document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (wrap) {
      wrap.setAttribute("tabindex", "0");
    });
  }

  name();
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      requestAnimationFrame(name);
    }
  }).observe(document.body, { childList: true, subtree: true });
})();
