/* 关怀模式 (适老化) for Gongkai: toggles the `gk-elder` class on <html> (styles in a11y.css) from the
   header button [data-gk-elder-toggle], keeps aria-pressed in step and remembers the choice in
   localStorage. Loaded in <head>, so a remembered choice applies before the first paint. No external
   scripts, no requests. */
(function () {
  "use strict";
  var KEY = "gongkai.elder-mode";
  var root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function store(on) {
    try {
      if (on) { window.localStorage.setItem(KEY, "1"); } else { window.localStorage.removeItem(KEY); }
    } catch (e) { /* storage disabled: the mode still works for this page */ }
  }
  function apply(on) {
    root.classList.toggle("gk-elder", on);
    var buttons = document.querySelectorAll("[data-gk-elder-toggle]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
      buttons[i].hidden = false;
    }
  }

  apply(stored());
  function wire() {
    apply(root.classList.contains("gk-elder"));
    document.addEventListener("click", function (event) {
      var target = event.target;
      var button = target && target.closest ? target.closest("[data-gk-elder-toggle]") : null;
      if (!button) { return; }
      var on = !root.classList.contains("gk-elder");
      store(on);
      apply(on);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) { apply(event.newValue === "1"); }
  });
})();
