// The autocomplete of core.autocomplete: a text field becomes an ARIA 1.2 combobox (list
// autocomplete, no automatic selection). As one types, the field's JSON endpoint
// ({"results": [{"id": …, "label": …}]}) lists the matching rows; the arrow keys move through
// them, Enter or a click chooses one (its id goes in the hidden field), Escape closes the list.
// Without a hidden id field (a list's filter by name) choosing puts only the label in the text
// field. Without this script the typed text is sent and the form finds the row by it.
(function () {
  "use strict";
  var DELAY_MS = 200;

  function attach(box) {
    if (box.dataset.autocompleteReady) { return; }
    box.dataset.autocompleteReady = "1";
    var input = box.querySelector("[data-autocomplete-text]");
    var hidden = box.querySelector("[data-autocomplete-id]");
    var list = box.querySelector("[role=listbox]");
    var status = box.querySelector("[role=status]");
    var timer = null;
    var controller = null;
    var active = -1;
    var chosenLabel = input.value;
    var chosenId = hidden ? hidden.value : "";

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function options() { return list.querySelectorAll("[role=option]"); }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (!options().length) { return; }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function highlight(index) {
      var all = options();
      if (!all.length) { return; }
      active = (index + all.length) % all.length;
      Array.prototype.forEach.call(all, function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
        option.classList.toggle("autocomplete-active", i === active);
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function choose(option) {
      if (hidden) { hidden.value = chosenId = option.dataset.id; }
      input.value = option.textContent;
      chosenLabel = input.value;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function say(count) {
      var text = count === 0 ? box.dataset.none : count === 1 ? box.dataset.one : box.dataset.many;
      status.textContent = text.replace("{count}", String(count));
    }

    function show(results) {
      list.textContent = "";
      results.forEach(function (result, i) {
        // A result is {"id": …, "label": …}, or only a label.
        if (typeof result === "string") { result = { id: "", label: result }; }
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.id = String(result.id);
        option.textContent = result.label;
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(option); });
        list.appendChild(option);
      });
      say(results.length);
      if (results.length) { open(); } else { close(); }
    }

    function ask() {
      var text = input.value.trim();
      if (!text) { show([]); status.textContent = ""; return; }
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      var url = new URL(box.dataset.autocomplete, window.location.href);
      url.searchParams.set("q", text);
      window.fetch(url.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { show(Array.isArray(data.results) ? data.results : []); })
        .catch(function () { /* aborted or offline: the typed text is sent as it is */ });
    }

    input.addEventListener("input", function () {
      // A changed text is no longer the chosen row: the form finds the row by the text.
      if (hidden) { hidden.value = input.value === chosenLabel ? chosenId : ""; }
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!expanded) { open(); if (event.altKey) { return; } }
        highlight(active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (!expanded) { open(); }
        highlight(active < 0 ? -1 : active - 1);
      } else if (event.key === "Enter") {
        if (expanded && active >= 0) {
          event.preventDefault();
          choose(options()[active]);
        }
      } else if (event.key === "Escape") {
        if (expanded) { event.preventDefault(); close(); }
        else if (input.value) {
          event.preventDefault();
          input.value = "";
          if (hidden) { hidden.value = ""; }
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  if (!window.fetch || !window.URL) { return; }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-autocomplete]"), attach);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
