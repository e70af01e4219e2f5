// Live row, column and balance totals for the budget grid. The server validates again on save.
(function () {
  "use strict";
  var form = document.getElementById("budget-grid");
  if (!form) { return; }
  var separator = form.dataset.thousandSeparator || ".";
  var formatter = new Intl.NumberFormat(form.dataset.locale === "en" ? "en-GB" : "da-DK", {
    maximumFractionDigits: 0,
    useGrouping: true,
  });

  // A cell's value in whole kroner: null when empty, NaN when it is not a whole amount.
  function parse(text) {
    var clean = text.replace(/[\s\u00a0]/g, "").split(separator).join("");
    if (clean === "") { return null; }
    if (!/^\d+$/.test(clean)) { return NaN; }
    return parseInt(clean, 10);
  }

  function show(output, value) {
    output.textContent = value === null ? "" : formatter.format(value);
  }

  function cells(selector) {
    return Array.prototype.slice.call(form.querySelectorAll(selector));
  }

  function recalc() {
    var columns = { budget: {}, financing: {} };
    var grand = { budget: null, financing: null };
    var anyInvalid = false;
    cells("tr[data-row]").forEach(function (row) {
      var rowTotal = null;
      Array.prototype.slice.call(row.querySelectorAll("input.budget-cell")).forEach(function (input) {
        var value = parse(input.value);
        var invalid = Number.isNaN(value);
        input.classList.toggle("input-invalid", invalid);
        input.setAttribute("aria-invalid", invalid || input.closest(".form-error") ? "true" : "false");
        if (invalid) { anyInvalid = true; return; }
        if (value === null) { return; }
        var kind = input.dataset.kind;
        var year = input.dataset.year;
        rowTotal = (rowTotal || 0) + value;
        columns[kind][year] = (columns[kind][year] || 0) + value;
        grand[kind] = (grand[kind] || 0) + value;
      });
      show(row.querySelector("output[data-row-total]"), rowTotal);
    });
    cells("output[data-column-total]").forEach(function (output) {
      var value = columns[output.dataset.columnTotal][output.dataset.year];
      show(output, value === undefined ? null : value);
    });
    cells("output[data-grand-total]").forEach(function (output) {
      show(output, grand[output.dataset.grandTotal]);
    });
    var unbalanced = [];
    cells("output[data-balance]").forEach(function (output) {
      var year = output.dataset.year;
      var diff = (columns.budget[year] || 0) - (columns.financing[year] || 0);
      show(output, diff);
      output.parentElement.classList.toggle("unbalanced", diff !== 0);
      if (diff !== 0) { unbalanced.push(year + " (" + formatter.format(diff) + ")"); }
    });
    var status = document.getElementById("balance-status");
    if (status) {
      status.textContent = unbalanced.length
        ? status.dataset.unbalancedText + " " + unbalanced.join(", ")
        : status.dataset.balancedText;
      status.classList.toggle("unbalanced", unbalanced.length > 0);
    }
    form.dataset.invalid = anyInvalid ? "true" : "false";
  }

  form.addEventListener("input", recalc);
  recalc();
})();
