// The live demo on the article page: a Gradio app (snippets/demo/app.py) hosted as a Hugging
// Face Space, embedded with Gradio's <gradio-app> web component only when the reader asks.
//
// Before the click nothing is requested from the Space or from Gradio's CDN. On click:
//   1. probe GET <space_url>/config (a Gradio app answers with JSON carrying "version");
//   2. if it answers, load gradio.js (pinned to the Space's Gradio version) and add
//      <gradio-app src=...> with the page's colour scheme;
//   3. the app counts as shown once its inputs are in the DOM (Gradio's documented `render`
//      event does not fire in 6.x); if that takes longer than `timeout` seconds, or the probe
//      fails, the fallback (what the demo does, how to run it locally, the Space link) is
//      shown instead of an empty box. A slow Space that wakes up later still replaces it.
//   4. meanwhile, ask the Hub what state the Space is in (GET <runtime_api>/<space>/runtime,
//      public, "stage": SLEEPING, BUILDING, RUNTIME_ERROR...); the fallback says it when the
//      Hub answers within `runtime_timeout` seconds, and says nothing about it otherwise.
//
// What the demo answers for its example sentences (computed when the site was built, by the
// demo's own code: snippets/demo/answers.py) is plain HTML in the page, [data-demo-answers]:
// shown with JavaScript off, before the click and beside the fallback; hidden once the live
// app shows, which answers for itself.
//
// Settings come from mkdocs.yml `extra.demo`, written into the page by overrides/main.html as
// <script type="application/json" id="demo-config">. Every visible text is in the page (each
// language has its own), none is in this file.
(function () {
  "use strict";

  var DEFAULTS = {
    space_url: "",
    space_page: "",
    gradio_js: "",
    timeout: 8, // seconds before the fallback shows
    space: "", // OWNER/NAME, for the Hub's runtime API
    runtime_api: "", // the Hub's API for Spaces; "" asks nothing
    runtime_timeout: 4, // seconds the Hub's runtime API may take
    wait: 120, // seconds a slow (waking) Space may still take to replace the fallback
  };
  var POLL_MS = 250;
  var scripts = {}; // gradio.js URL -> Promise, so a retry does not load it twice

  function readConfig() {
    var config = Object.assign({}, DEFAULTS);
    var node = document.getElementById("demo-config");
    if (node) {
      try {
        Object.assign(config, JSON.parse(node.textContent));
      } catch (error) {
        console.warn("demo-embed: unreadable #demo-config", error);
      }
    }
    config.space_url = String(config.space_url || "").replace(/\/+$/, "");
    return config;
  }

  function themeMode() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "light";
  }

  // Gradio puts class "dark" on the parent of .gradio-container when embedded; follow
  // Material's palette toggle without reloading the app.
  function applyTheme(root) {
    var mode = themeMode();
    root.querySelectorAll("gradio-app").forEach(function (app) {
      app.setAttribute("theme_mode", mode);
      app.querySelectorAll(".gradio-container").forEach(function (container) {
        if (container.parentElement) container.parentElement.classList.toggle("dark", mode === "dark");
      });
    });
  }

  function probe(url, seconds) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, seconds * 1000);
    return fetch(url + "/config", { signal: controller.signal, credentials: "omit", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (config) { return config && typeof config.version === "string" ? config.version : null; })
      .catch(function () { return null; })
      .finally(function () { clearTimeout(timer); });
  }

  // The Hub's stages (huggingface_hub's SpaceStage) → the page's data-* message for each.
  var STAGES = {
    SLEEPING: "sleeping",
    PAUSED: "paused",
    STOPPED: "paused",
    BUILDING: "building",
    APP_STARTING: "building",
    RUNNING_BUILDING: "building",
    RUNNING_APP_STARTING: "building",
    BUILD_ERROR: "error",
    RUNTIME_ERROR: "error",
    CONFIG_ERROR: "error",
    NO_APP_FILE: "error",
  };

  // The Space's state as the Hub reports it ("sleeping", "building", "error", "paused"), or
  // null: running, unknown, or no answer in time (then the page says nothing about it).
  function runtimeStage(config) {
    if (!config.runtime_api || !config.space) return Promise.resolve(null);
    var url = String(config.runtime_api).replace(/\/+$/, "") + "/" + config.space + "/runtime";
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, config.runtime_timeout * 1000);
    return fetch(url, { signal: controller.signal, credentials: "omit", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (runtime) { return (runtime && STAGES[runtime.stage]) || null; })
      .catch(function () { return null; })
      .finally(function () { clearTimeout(timer); });
  }

  function loadScript(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.type = "module";
        script.src = src;
        script.onload = resolve;
        script.onerror = function () {
          delete scripts[src];
          script.remove();
          reject(new Error("demo-embed: could not load " + src));
        };
        document.head.appendChild(script);
      });
    }
    return scripts[src];
  }

  function rendered(app) {
    return Boolean(app.querySelector("textarea, input[type=text]"));
  }

  function setup(root, config) {
    if (root.dataset.demoReady) return;
    root.dataset.demoReady = "true";
    var button = root.querySelector("[data-demo-load]");
    var status = root.querySelector("[data-demo-status]");
    var slot = root.querySelector("[data-demo-app]");
    var fallback = root.querySelector("[data-demo-fallback]");
    var stage = root.querySelector("[data-demo-stage]");
    var answers = root.querySelectorAll("[data-demo-answers]");
    var link = config.space_page || config.space_url;

    root.querySelectorAll("a[data-demo-space-link]").forEach(function (a) {
      // The Markdown holds a placeholder link (no href, so no target either: valid HTML);
      // it becomes a link to the Space in a new tab once the Space's address is known.
      if (link) {
        a.href = link;
        a.target = "_blank";
        a.rel = "noopener";
      }
      if (a.hasAttribute("data-demo-show-url")) a.textContent = link;
    });
    root.querySelectorAll("[data-demo-timeout]").forEach(function (span) {
      span.textContent = String(config.timeout);
    });
    if (!button || !slot) return;

    var attempt = 0;
    function state(name) {
      root.dataset.demoState = name; // idle | loading | shown | fallback (tests read it too)
      if (status) status.hidden = name !== "loading";
      if (fallback) fallback.hidden = name !== "fallback";
      // While the fallback shows, a Space still waking up keeps loading out of sight.
      slot.hidden = name === "idle" || name === "fallback";
      button.disabled = name === "loading" || name === "shown";
      button.hidden = name === "shown";
      answers.forEach(function (block) { block.hidden = name === "shown"; });
    }

    // The Hub's word on the Space, under the fallback's title, for this attempt only.
    function tellStage(mine, reported) {
      if (!stage || mine !== attempt) return;
      var text = reported ? stage.getAttribute("data-" + reported) : "";
      stage.textContent = text || "";
      stage.hidden = !text;
      if (text) root.dataset.demoStage = reported;
      else delete root.dataset.demoStage;
    }

    function show() {
      var mine = ++attempt;
      var started = Date.now();
      slot.replaceChildren();
      tellStage(mine, null);
      state("loading");
      runtimeStage(config).then(function (reported) { tellStage(mine, reported); });
      if (!config.space_url || !config.gradio_js) {
        state("fallback");
        return;
      }
      probe(config.space_url, config.timeout).then(function (version) {
        if (mine !== attempt) return;
        if (!version) {
          state("fallback");
          return;
        }
        if (config.gradio_version && version !== config.gradio_version) {
          console.info("demo-embed: the Space runs Gradio " + version + ", gradio.js is " + config.gradio_version);
        }
        var app = document.createElement("gradio-app");
        app.setAttribute("src", config.space_url);
        app.setAttribute("theme_mode", themeMode());
        app.setAttribute("eager", "true");
        app.setAttribute("container", "true");
        app.setAttribute("info", "false");
        app.setAttribute("initial_height", "320px");
        slot.appendChild(app);
        loadScript(config.gradio_js).catch(function () {
          if (mine === attempt) state("fallback");
        });
        (function poll() {
          if (mine !== attempt || !app.isConnected) return;
          if (rendered(app)) {
            state("shown");
            applyTheme(root);
            return;
          }
          var waited = (Date.now() - started) / 1000;
          if (waited >= config.timeout && root.dataset.demoState === "loading") state("fallback");
          if (waited < config.timeout + config.wait) setTimeout(poll, POLL_MS);
        })();
      });
    }

    button.addEventListener("click", show);
    state("idle");
  }

  function init() {
    var roots = document.querySelectorAll("[data-demo-embed]");
    if (!roots.length) return;
    var config = readConfig();
    roots.forEach(function (root) { setup(root, config); });
  }

  new MutationObserver(function () {
    document.querySelectorAll("[data-demo-embed]").forEach(applyTheme);
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  // Material emits document$ for every page (also with instant navigation, which re-renders
  // pages without a reload); DOMContentLoaded is the fallback for a page without Material.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
