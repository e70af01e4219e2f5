// Live row, column and balance totals for the budget grid. The server validates again on save.
// A cell is read by the same rule as the server's (grants.forms.KronerField): plain digits or
// digits grouped by threes with the thousands separator; in 1.000 kr. also up to three
// decimals after the decimal separator. Anything else ("1.5", "12.00") is marked invalid and
// left out of the totals, never guessed at. Totals are always in kroner.
(function () {
  "use strict";
  var form = document.getElementById("budget-grid");
  if (!form) { return; }
  var MAX_CELL_AMOUNT = 10000000000;
  var THOUSANDS_DECIMALS = 3;
  var separator = form.dataset.thousandSeparator || ".";
  var decimal = form.dataset.decimalSeparator || ",";
  var thousandsUnit = form.dataset.thousandsUnit || "1000";
  var locale = form.dataset.locale === "en" ? "en-GB" : "da-DK";
  var formatter = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, useGrouping: true });
  var thousandsFormatter = new Intl.NumberFormat(locale, {
    maximumFractionDigits: THOUSANDS_DECIMALS,
    useGrouping: true,
  });

  function escape(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  var group = escape(separator);
  var whole = "([0-9]+|[0-9]{1,3}(?:" + group + "[0-9]{3})+)";
  var kronerPattern = new RegExp("^(-?)" + whole + "$");
  var thousandsPattern = new RegExp("^(-?)" + whole + "(?:" + escape(decimal) + "([0-9]+))?$");

  function currentUnit() {
    var checked = form.querySelector("input[name=unit]:checked");
    return checked ? checked.value : "kr";
  }

  // A cell's value in whole kroner: null when empty, NaN when the server would refuse it.
  function parse(text, unit) {
    if (text.trim().length > 30) { return NaN; }
    var clean = text.replace(/[\s\u00a0]/g, "");
    if (clean === "") { return null; }
    var thousands = unit === thousandsUnit;
    var match = (thousands ? thousandsPattern : kronerPattern).exec(clean);
    if (!match || match[1] === "-") { return NaN; }
    var digits = match[2].split(separator).join("");
    if (digits.length > 15) { return NaN; }
    var amount = parseInt(digits, 10) * (thousands ? 1000 : 1);
    var fraction = thousands ? match[3] : undefined;
    if (fraction) {
      if (fraction.length > THOUSANDS_DECIMALS) { return NaN; }
      while (fraction.length < THOUSANDS_DECIMALS) { fraction += "0"; }
      amount += parseInt(fraction, 10);
    }
    if (amount > MAX_CELL_AMOUNT) { return NaN; }
    return amount;
  }

  // Whole kroner as a cell shows them in `unit`, the way the server writes them.
  function display(kroner, unit) {
    if (unit === thousandsUnit) { return thousandsFormatter.format(kroner / 1000); }
    return formatter.format(kroner);
  }

  function show(output, value) {
    output.textContent = value === null ? "" : formatter.format(value);
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
        var value = parse(input.value, unit);
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

  // A new unit keeps every amount: the cells are rewritten in it, and the form says so to
  // the server (shown_unit), which otherwise asks before reading them in the new unit.
  var shownUnit = form.querySelector("input[name=shown_unit]");
  var previousUnit = currentUnit();
  function changeUnit() {
    var unit = currentUnit();
    if (unit === previousUnit) { return; }
    cells("input.budget-cell").forEach(function (input) {
      var value = parse(input.value, previousUnit);
      if (value !== null && !Number.isNaN(value)) { input.value = display(value, unit); }
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
