/* Suggestions as you type for the search box (ARIA 1.2 combobox with a list popup).
   Progressive enhancement: without this file the input is a plain search field of a GET form.
   Keys: Down/Up move through the suggestions (Alt+Down opens), Enter opens the chosen one (or
   submits the form when none is chosen), Escape closes the list (a second Escape clears the field).
   A polite live region announces how many suggestions there are. No inline script or style (CSP). */
(function () {
  "use strict";

  function init(input) {
    var endpoint = input.getAttribute("data-suggest-url");
    var listId = input.id + "-goi-y";
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var cache = {};

    list.id = listId;
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Gợi ý tìm kiếm");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.parentNode.classList.add("suggest");
    input.parentNode.appendChild(list);
    input.parentNode.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.children;
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open(url) {
      window.location.assign(url);
    }

    function render(suggestions) {
      items = suggestions;
      list.textContent = "";
      suggestions.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "suggest-option suggest-" + item.type;
        option.textContent = item.label;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the input
        });
        option.addEventListener("click", function () {
          open(item.url);
        });
        list.appendChild(option);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (suggestions.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent =
          "Có " + suggestions.length + " gợi ý. Dùng phím mũi tên lên, xuống để chọn, Enter để mở.";
      } else {
        close();
        status.textContent = "";
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query.length < 2) {
        render([]);
        return;
      }
      if (cache[query]) {
        render(cache[query]);
        return;
      }
      if (controller) controller.abort();
      controller = typeof AbortController === "function" ? new AbortController() : null;
      fetch(endpoint + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          cache[query] = data.suggestions || [];
          if (input.value.trim() === query) render(cache[query]);
        })
        .catch(function () {
          /* aborted or offline: the plain form still works */
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 200);
    });

    input.addEventListener("keydown", function (event) {
      var count = list.children.length;
      if (event.key === "ArrowDown") {
        if (list.hidden) {
          if (count) {
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
          } else {
            fetchSuggestions();
          }
          if (event.altKey) {
            event.preventDefault();
            return;
          }
        }
        if (count) highlight(active + 1 >= count ? 0 : active + 1);
        event.preventDefault();
      } else if (event.key === "ArrowUp") {
        if (!list.hidden && count) highlight(active <= 0 ? count - 1 : active - 1);
        event.preventDefault();
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          open(items[active].url);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          close();
        } else {
          input.value = "";
        }
        event.preventDefault();
      }
    });

    input.addEventListener("blur", close);
  }

  function start() {
    var inputs = document.querySelectorAll("input[data-suggest-url]");
    for (var i = 0; i < inputs.length; i++) init(inputs[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
