// Live row, column and balance totals for the budget grid. The server validates again on save.
// A cell is read by the one reading of amounts (amounts.js, the rules of core/amounts.py): in
// kroner, or in 1.000 kr. with up to three decimals. A text that is no amount ("1.5", "12.00")
// is marked invalid and left out of the totals, never guessed at; the grid's echo says why.
// Totals are always in kroner, written with the separators the cells' widget names.
(function () {
  "use strict";
  var form = document.getElementById("budget-grid");
  var amounts = window.RummeligAmounts;
  if (!form || !amounts) { return; }
  var thousandsUnit = form.dataset.thousandsUnit || "1000";
  var firstCell = form.querySelector("input.budget-cell");
  var separators = firstCell ? amounts.optionsOf(firstCell) : { group: "", decimal: "" };

  function modeOf(unit) {
    return unit === thousandsUnit ? "thousands" : "kroner";
  }

  function currentUnit() {
    var checked = form.querySelector("input[name=unit]:checked");
    return checked ? checked.value : "kr";
  }

  // A cell's value in whole kroner: null when empty, NaN when the server would refuse it.
  function parse(input, unit) {
    var result = amounts.read(input.value, amounts.optionsOf(input, modeOf(unit)));
    return result.code ? NaN : result.value;
  }

  function kroner(value) {
    return amounts.display(value, "kroner", separators);
  }

  function show(output, value) {
    output.textContent = value === null ? "" : kroner(value);
  }

  function cells(selector) {
    return Array.prototype.slice.call(form.querySelectorAll(selector));
  }

  function recalc() {
    var unit = currentUnit();
    var columns = { budget: {}, financing: {} };
    var grand = { budget: null, financing: null };
    var anyInvalid = false;
    cells("tr[data-row]").forEach(function (row) {
      var rowTotal = null;
      Array.prototype.slice.call(row.querySelectorAll("input.budget-cell")).forEach(function (input) {
        var value = parse(input, unit);
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
      if (diff !== 0) { unbalanced.push(year + " (" + kroner(diff) + ")"); }
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

  // A new unit keeps every amount: the cells are rewritten in it, and the form says so to
  // the server (shown_unit), which otherwise asks before reading them in the new unit.
  var shownUnit = form.querySelector("input[name=shown_unit]");
  var previousUnit = currentUnit();
  function changeUnit() {
    var unit = currentUnit();
    if (unit === previousUnit) { return; }
    cells("input.budget-cell").forEach(function (input) {
      var value = parse(input, previousUnit);
      if (value !== null && !Number.isNaN(value)) {
        input.value = amounts.display(value, modeOf(unit), separators);
      }
      // The cell is read in the new unit from now on, by the totals and by the echo.
      input.dataset.amount = modeOf(unit);
      input.setAttribute("inputmode", unit === thousandsUnit ? "decimal" : "numeric");
    });
    previousUnit = unit;
    if (shownUnit) { shownUnit.value = unit; }
    var label = unit === thousandsUnit ? "1.000 kr." : "kr.";
    var radio = form.querySelector("input[name=unit]:checked");
    var radioLabel = radio && form.querySelector("label[for='" + radio.id + "']");
    if (radioLabel) { label = radioLabel.textContent; }
    cells("[data-cell-unit]").forEach(function (suffix) { suffix.textContent = label; });
    var text = document.querySelector("[data-unit-text]");
    if (text) {
      text.textContent = unit === thousandsUnit ? text.dataset.thousandsText : text.dataset.kronerText;
    }
  }

  form.addEventListener("change", function (event) {
    if (event.target && event.target.name === "unit") { changeUnit(); recalc(); }
  });
  form.addEventListener("input", recalc);
  recalc();
})();
