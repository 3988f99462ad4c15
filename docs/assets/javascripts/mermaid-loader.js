// Draws ```mermaid fences with the Mermaid vendored under assets/vendor/mermaid.
// Material's own integration would fetch Mermaid from a CDN; this site renders offline.
// Mermaid is imported only on pages that have a diagram, and redrawn when the colour
// scheme changes so diagrams follow dark mode.
(function () {
  "use strict";
  var moduleUrl = new URL("../vendor/mermaid/mermaid.esm.min.mjs", document.currentScript.src).href;
  var mermaidReady = null;
  var counter = 0;

  function isDark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  function loadMermaid() {
    if (!mermaidReady) {
      mermaidReady = import(moduleUrl).then(function (module) { return module.default; });
    }
    return mermaidReady;
  }

  function draw() {
    var blocks = document.querySelectorAll(".mermaid-diagram");
    if (!blocks.length) return;
    loadMermaid().then(function (mermaid) {
      mermaid.initialize({ startOnLoad: false, theme: isDark() ? "dark" : "default" });
      blocks.forEach(function (block) {
        // Keep the diagram's source so it can be redrawn in the other colour scheme.
        if (!block.dataset.source) block.dataset.source = block.textContent;
        var id = "mermaid-diagram-" + (++counter);
        mermaid.render(id, block.dataset.source).then(function (result) {
          block.innerHTML = result.svg;
          block.classList.add("mermaid-diagram--drawn");
        });
      });
    });
  }

  // Material re-renders content without a reload when instant navigation is on; document$
  // fires for every page either way.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(draw);
  } else {
    document.addEventListener("DOMContentLoaded", draw);
  }
  new MutationObserver(function () {
    if (document.querySelector(".mermaid-diagram--drawn")) draw();
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
})();
