// Polku live preview: reload this tab when the site has been rebuilt.
// Served and added to pages only by `python build.py serve`; never part of a built site.
// A file, not an inline script, so pages keep working under CSP script-src 'self'.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = script && script.getAttribute("data-generation");
  if (!shown || !window.EventSource) {
    return;
  }
  var events = new EventSource("/_polku/events");
  events.addEventListener("build", function (event) {
    if (event.data !== shown) {
      events.close();
      window.location.reload();
    }
  });
})();
