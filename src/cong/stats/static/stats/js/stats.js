/* Cổng visitor statistics: count this page view (no cookies) and fill the sidebar box.
   Self-hosted, no dependencies. Waits for a prerendered page to be shown before counting. */
(function () {
  "use strict";
  var path = window.location.pathname;
  var labels = [
    ["online", "Đang online"],
    ["today", "Hôm nay"],
    ["week", "Trong tuần"],
    ["month", "Tháng này"],
    ["total", "Tất cả"]
  ];

  function format(n) {
    return Number(n).toLocaleString("vi-VN");
  }

  function send() {
    var sent = false;
    try {
      if (navigator.sendBeacon) {
        sent = navigator.sendBeacon("/stats/hit", new Blob([path], { type: "text/plain;charset=UTF-8" }));
      }
    } catch (e) {
      sent = false;
    }
    if (!sent && window.fetch) {
      fetch("/stats/hit", { method: "POST", body: path, keepalive: true, credentials: "same-origin" })
        .catch(function () {});
    }
  }

  function render(data) {
    var box = document.querySelector("[data-stats-box]");
    if (box && data) {
      var list = document.createElement("dl");
      labels.forEach(function (pair) {
        var dt = document.createElement("dt");
        var dd = document.createElement("dd");
        dt.textContent = pair[1];
        dd.textContent = format(data[pair[0]]);
        list.appendChild(dt);
        list.appendChild(dd);
      });
      box.replaceChildren(list);
    }
    var views = document.querySelector("[data-stats-views]");
    if (views && data && typeof data.views === "number") {
      var count = views.querySelector("[data-stats-views-count]");
      if (count) count.textContent = format(data.views);
      views.hidden = false;
    }
  }

  function show() {
    if (!window.fetch) return;
    var url = "/stats/summary.json";
    if (document.querySelector("[data-stats-views]")) url += "?p=" + encodeURIComponent(path);
    fetch(url, { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(render)
      .catch(function () {});
  }

  function start() {
    // Only a page served at its own address is counted; elsewhere (search, document, print, Hỏi đáp)
    // the server would answer 404, which browsers log as a console error.
    if (document.querySelector("[data-stats-count]")) send();
    // Let the beacon reach the server first, so a new visitor sees themself counted.
    window.setTimeout(show, 300);
  }

  if (document.prerendering) {
    document.addEventListener("prerenderingchange", start, { once: true });
  } else {
    start();
  }
})();
