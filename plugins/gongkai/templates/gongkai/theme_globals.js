/* Material for MkDocs' page globals (partials/javascripts/base.html), as a file instead of an inline script. */
(function (script) {
  var scope = new URL(script.getAttribute("data-scope") || ".", location);
  window.__md_scope = scope;
  window.__md_hash = function (e) { return [].concat(Array.from(e)).reduce(function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0); };
  window.__md_get = function (e, store, base) {
    store = store || localStorage; base = base || scope;
    return JSON.parse(store.getItem(base.pathname + "." + e));
  };
  window.__md_set = function (e, value, store, base) {
    store = store || localStorage; base = base || scope;
    try { store.setItem(base.pathname + "." + e, JSON.stringify(value)); } catch (err) { /* storage full or disabled */ }
  };
})(document.currentScript);
