// 打印本页: reveal the print button and print on click (Enter/Space work because it is a <button>).
// Before printing, each attachment link gets its absolute URL so the printout shows where to download it.
(function () {
  "use strict";
  function fullUrls() {
    document.querySelectorAll(".gk-attachments a[href]").forEach(function (a) {
      a.setAttribute("data-gk-href", a.href);
    });
  }
  function init() {
    fullUrls();
    document.querySelectorAll("[data-gk-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }
  window.addEventListener("beforeprint", fullUrls);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
