/* Material for MkDocs' linked content tabs (feature content.tabs.link), as a file instead of an inline script. */
(function () {
  var tabs = __md_get("__tabs");
  if (!Array.isArray(tabs)) return;
  document.querySelectorAll(".tabbed-set").forEach(function (set) {
    var labels = set.querySelector(".tabbed-labels");
    for (var t = 0; t < tabs.length; t++) {
      var found = Array.from(labels.getElementsByTagName("label")).find(function (l) { return l.innerText.trim() === tabs[t]; });
      if (found) { document.getElementById(found.htmlFor).checked = true; return; }
    }
  });
})();
