// Suggestions for a filter's text field (input[data-suggest]) as one types, from the JSON the
// field names: {"results": ["…", …]}. They fill a native <datalist>, which browsers and screen
// readers present as the field's own list. Without this script the field is a plain search.
(function () {
  "use strict";
  var MIN_LENGTH = 2;
  var DELAY_MS = 250;

  function attach(input) {
    var list = document.createElement("datalist");
    var timer = null;
    var asked = "";
    var controller = null;
    list.id = (input.id || input.name) + "-suggestions";
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("list", list.id);

    function show(results) {
      list.textContent = "";
      results.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        list.appendChild(option);
      });
    }

    function suggest() {
      var text = input.value.trim();
      if (text.length < MIN_LENGTH || text === asked) { return; }
      asked = text;
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      var url = new URL(input.dataset.suggest, window.location.href);
      url.searchParams.set("q", text);
      window.fetch(url.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { show(Array.isArray(data.results) ? data.results : []); })
        .catch(function () { /* aborted or offline: the field still filters as typed */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, DELAY_MS);
    });
  }

  if (!window.fetch || !window.URL) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), attach);
})();
