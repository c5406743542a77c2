// The articles table: rows built from the inlined JSON, filtered by the search box.
// "#q=words" in the page's address fills the box, so a link can open a filtered table.
(function () {
  "use strict";
  var MAX_ROWS = 1000;
  var articles = JSON.parse(document.getElementById("articles-data").textContent);
  var box = document.getElementById("search");
  var body = document.querySelector("#articles-table tbody");
  var count = document.getElementById("articles-count");

  function cell(row, value) {
    var td = document.createElement("td");
    td.textContent = value;
    row.appendChild(td);
    return td;
  }

  function matches(article, words) {
    var hay = (article.headline + " " + article.site + " " + article.date + " " + article.url)
      .toLowerCase();
    return words.every(function (word) { return hay.indexOf(word) !== -1; });
  }

  function show() {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var found = articles.filter(function (a) { return matches(a, words); });
    body.textContent = "";
    found.slice(0, MAX_ROWS).forEach(function (article) {
      var row = document.createElement("tr");
      var title = cell(row, "");
      var page = document.createElement("a");
      page.href = article.url;
      page.textContent = article.headline || article.url;
      title.appendChild(page);
      cell(row, article.date);
      cell(row, article.site);
      cell(row, String(article.words));
      var replay = cell(row, "");
      if (article.replay) {
        var a = document.createElement("a");
        a.href = article.replay;
        a.className = "replay";
        a.textContent = "replay";
        replay.appendChild(a);
      }
      body.appendChild(row);
    });
    count.textContent = found.length + " of " + articles.length + " articles" +
      (found.length > MAX_ROWS ? " (first " + MAX_ROWS + " shown)" : "");
    count.setAttribute("data-shown", String(Math.min(found.length, MAX_ROWS)));
    count.setAttribute("data-matches", String(found.length));
    count.setAttribute("data-total", String(articles.length));
  }

  var hash = /[#&]q=([^&]*)/.exec(window.location.hash);
  if (hash) { box.value = decodeURIComponent(hash[1].replace(/\+/g, " ")); }
  box.addEventListener("input", show);
  show();
})();
