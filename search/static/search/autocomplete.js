/* Suggestions under the search box while typing (ARIA combobox with a listbox).
   Without JavaScript the box is a plain search field; this only adds the list. */
(function () {
  "use strict";
  var box = document.querySelector(".search-box[data-autocomplete-url]");
  if (!box || !window.fetch) { return; }
  var input = box.querySelector("input[type=search]");
  var list = document.createElement("ul");
  var results = [];
  var active = -1;
  var timer = null;
  var latest = 0;

  list.id = "search-suggestions";
  list.className = "search-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.labels[0] ? input.labels[0].textContent : "");
  list.hidden = true;
  box.appendChild(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  function close() {
    list.hidden = true;
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    active = index;
    Array.prototype.forEach.call(list.children, function (item, i) {
      item.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", list.children[index].id);
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render(items) {
    results = items;
    list.textContent = "";
    items.forEach(function (item, i) {
      var option = document.createElement("li");
      var kind = document.createElement("span");
      option.id = "search-suggestion-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = item.title;
      kind.className = "kind";
      kind.textContent = item.kind_label;
      option.appendChild(kind);
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        window.location.href = item.url;
      });
      list.appendChild(option);
    });
    if (items.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(-1);
    } else {
      close();
    }
  }

  function suggest() {
    var text = input.value.trim();
    var request = ++latest;
    if (text.length < 2) { close(); return; }
    fetch(box.dataset.autocompleteUrl + "?q=" + encodeURIComponent(text), {
      headers: { Accept: "application/json" },
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (request === latest) { render(data.results || []); } })
      .catch(close);
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(suggest, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) { return; }
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight((active + 1) % results.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active <= 0 ? results.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = results[active].url;
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", close);
})();
