/* Cổng reader controls: text size (A−, A, A+) and high contrast, remembered per visitor in
   localStorage ("cong.reader"; no cookie, nothing sent to the server). Loaded in <head> without
   defer so a returning visitor's choice applies before the first paint (no flash, no layout shift).
   Without JavaScript the controls stay hidden (CSS shows them only under <html class="js">). */
(function () {
  "use strict";
  var KEY = "cong.reader";
  var MIN = -1;
  var MAX = 2;
  var SIZES = { "-1": "nhỏ", "0": "mặc định", "1": "lớn", "2": "rất lớn" };
  var root = document.documentElement;

  function clamp(value) {
    var n = Math.round(Number(value)) || 0;
    return Math.max(MIN, Math.min(MAX, n));
  }

  function load() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(KEY) || "{}") || {};
      return { size: clamp(stored.size), contrast: stored.contrast === true };
    } catch (e) {
      return { size: 0, contrast: false };
    }
  }

  function save(state) {
    try {
      if (state.size || state.contrast) {
        window.localStorage.setItem(KEY, JSON.stringify(state));
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (e) {
      /* Storage refused (private mode, quota): the choice holds for this page only. */
    }
  }

  function apply(state) {
    if (state.size) {
      root.setAttribute("data-text-size", String(state.size));
    } else {
      root.removeAttribute("data-text-size");
    }
    root.classList.toggle("hc", state.contrast);
  }

  var state = load();
  root.classList.add("js");
  apply(state);

  function wire() {
    var tools = document.querySelector("[data-reader-tools]");
    if (!tools) {
      return;
    }
    var status = tools.querySelector("[data-reader-status]");
    var contrast = tools.querySelector("[data-contrast]");
    var steps = tools.querySelectorAll("[data-size-step]");

    function render(announce) {
      for (var i = 0; i < steps.length; i++) {
        var step = Number(steps[i].getAttribute("data-size-step"));
        var blocked = (step < 0 && state.size <= MIN) || (step > 0 && state.size >= MAX);
        steps[i].setAttribute("aria-disabled", blocked ? "true" : "false");
      }
      contrast.setAttribute("aria-pressed", state.contrast ? "true" : "false");
      if (announce && status) {
        status.textContent = announce;
      }
    }

    for (var i = 0; i < steps.length; i++) {
      steps[i].addEventListener("click", function (event) {
        var step = Number(event.currentTarget.getAttribute("data-size-step"));
        var size = step === 0 ? 0 : clamp(state.size + step);
        state = { size: size, contrast: state.contrast };
        apply(state);
        save(state);
        render("Cỡ chữ: " + SIZES[String(size)]);
      });
    }
    contrast.addEventListener("click", function () {
      state = { size: state.size, contrast: !state.contrast };
      apply(state);
      save(state);
      render(state.contrast ? "Đã bật chế độ tương phản cao" : "Đã tắt chế độ tương phản cao");
    });
    render("");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
