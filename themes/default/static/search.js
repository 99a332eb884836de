/* Polku site search, loaded only on the search pages (/<lang>/search/).
 *
 * The form is a plain GET form, so a search is an ordinary page load with ?q=…; this script
 * reads the query, loads the Pagefind index of the page's language (Pagefind picks it from
 * <html lang>) and lists the results. All wording comes from data-* attributes that the
 * template fills from the theme's message catalogue. If the index cannot be loaded (no web
 * server, e.g. the site opened from disk), the status says so, and the page's link to the
 * list of all paths remains.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 20;
  var box = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-list");
  var input = document.getElementById("search-input");
  if (!box || !status || !list || !input) return;

  var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  input.value = query;

  function message(name, values) {
    return box.dataset[name].replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values || {}, key) ? String(values[key]) : whole;
    });
  }

  // Pagefind marks the matched words with <mark>; copy the text and those marks only.
  function excerpt(html) {
    var paragraph = document.createElement("p");
    paragraph.className = "search-result__excerpt";
    var parsed = new DOMParser().parseFromString(html, "text/html").body.childNodes;
    Array.prototype.forEach.call(parsed, function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  function result(data) {
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "search-result__title";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    item.appendChild(excerpt(data.excerpt || ""));
    return item;
  }

  function show(results) {
    var count = results.length;
    status.textContent = count === 0 ? message("none", { query: query })
      : message(count === 1 ? "one" : "other", { n: count, query: query });
    list.replaceChildren.apply(list, results.map(result));
  }

  if (!query) return;
  status.textContent = message("searching");
  var bundle = new URL(box.dataset.bundle + "pagefind.js", document.baseURI).href;
  import(bundle)
    .then(function (pagefind) { return pagefind.search(query); })
    .then(function (search) {
      return Promise.all(search.results.slice(0, MAX_RESULTS).map(function (hit) { return hit.data(); }));
    })
    .then(show)
    .catch(function () { status.textContent = message("failed"); });
})();
