// The one reading of typed amounts in the browser, by the rules of core/amounts.py (which the
// server applies on save): whole kroner, thousands of kroner, percentages; only the digits 0-9;
// thousands grouped by threes with the page language's separator or a space; a separator that
// is not such a grouping is refused as ambiguous, never guessed at. tests/core/amount_cases.json
// holds both readings to the same cases.
//
// Every amount input (core.widgets.AmountInput) names its echo, an aria-live element beside it
// (or the budget grid's one echo): as the user types, the echo says what the text reads as, or
// why it is refused, in the messages the widget rendered in the page's language.
// budget-grid.js reads its cells with `RummeligAmounts.read` too.
(function () {
  "use strict";
  if (window.RummeligAmounts) { return; }

  var MAX_LENGTH = 40;
  var MAX_DIGITS = 15;
  var THOUSANDS_DECIMALS = 3;
  var QUOTED_LENGTH = 30;
  var SPACES = " \u00a0\u202f\u2009";
  var MINUS = "-\u2212";
  var KRONER_SUFFIX = /^(.*?)\s*kr\.?$/i;
  var KRONER_PREFIX = /^kr\.?\s*(.*)$/i;
  var PERCENT_SUFFIX = /^(.*?)\s*%$/;
  var DIGITS = /^[0-9]+$/;
  var ANY_DIGIT = /\p{Nd}/u;
  var ASCII_DIGIT = /[0-9]/;

  function Refused(code) { this.code = code; }

  function refuse(code) { throw new Refused(code); }

  function checked(typed) {
    Array.from(typed).forEach(function (char) {
      if (ANY_DIGIT.test(char) && !ASCII_DIGIT.test(char)) { refuse("digits"); }
    });
    if (Array.from(typed).length > MAX_LENGTH) { refuse("invalid"); }
    return typed;
  }

  function withoutKronerAffix(rest, decimal) {
    var match = KRONER_SUFFIX.exec(rest) || KRONER_PREFIX.exec(rest);
    if (match) { rest = match[1]; }
    // "1.500,-": the Danish price notation for whole kroner.
    if (rest.slice(-2) === decimal + "-") { rest = rest.slice(0, -2); }
    return rest;
  }

  function sign(rest) {
    if (rest.length && MINUS.indexOf(rest[0]) >= 0) { return [true, rest.slice(1)]; }
    return [false, rest];
  }

  // The digits before the decimal separator (without grouping) and those after it, or null.
  function split(rest, group, decimal, grouping) {
    var allowed = "0123456789" + group + decimal + SPACES;
    if (rest === "") { refuse("invalid"); }
    Array.from(rest).forEach(function (char) {
      if (allowed.indexOf(char) < 0) { refuse("invalid"); }
    });
    var parts = rest.split(decimal);
    if (parts.length > 2) { refuse("ambiguous"); }
    var whole = parts[0];
    var fraction = parts.length === 2 ? parts[1] : null;
    if (fraction !== null && !DIGITS.test(fraction)) { refuse("ambiguous"); }
    if (whole === "") { refuse("invalid"); }
    if (!DIGITS.test(whole)) {
      var separators = [];
      Array.from(whole).forEach(function (char) {
        if (!ASCII_DIGIT.test(char) && separators.indexOf(char) < 0) { separators.push(char); }
      });
      if (!grouping || separators.length > 1) { refuse("ambiguous"); }
      var groups = whole.split(separators[0]);
      var grouped = groups[0].length >= 1 && groups[0].length <= 3 &&
        groups.slice(1).every(function (part) { return part.length === 3; });
      if (!grouped) { refuse("ambiguous"); }
      whole = groups.join("");
    }
    if (whole.replace(/^0+/, "").length > MAX_DIGITS) { refuse("too_large"); }
    return [whole, fraction];
  }

  function bounded(value, negative, signed, maximum) {
    if (negative && Number(value) !== 0) {
      if (!signed) { refuse("negative"); }
      value = typeof value === "string" ? "-" + value : -value;
    }
    if (Math.abs(Number(value)) > maximum) { refuse("too_large"); }
    return value;
  }

  function parseKroner(typed, options) {
    var rest = checked(typed);
    var thousands = options.mode === "thousands";
    if (!thousands) { rest = withoutKronerAffix(rest, options.decimal); }
    var signed = sign(rest);
    var parts = split(signed[1], options.group, options.decimal, true);
    var whole = parts[0];
    var fraction = parts[1];
    var amount;
    if (thousands) {
      if (fraction !== null && fraction.length > THOUSANDS_DECIMALS) { refuse("decimals"); }
      var padded = (fraction || "");
      while (padded.length < THOUSANDS_DECIMALS) { padded += "0"; }
      amount = parseInt(whole, 10) * 1000 + parseInt(padded, 10);
    } else {
      // "180,000" in Danish, "180.000" in English: the other language's grouping.
      if (fraction !== null && fraction.length === 3) { refuse("ambiguous"); }
      if (fraction !== null && /[1-9]/.test(fraction)) { refuse("decimals"); }
      amount = parseInt(whole, 10);
    }
    return bounded(amount, signed[0], options.signed, options.max);
  }

  function parsePercent(typed, options) {
    var rest = checked(typed);
    var match = PERCENT_SUFFIX.exec(rest);
    if (match) { rest = match[1]; }
    var signed = sign(rest);
    var parts = split(signed[1], options.group, options.decimal, false);
    var significant = (parts[1] || "").replace(/0+$/, "");
    if (significant.length > options.places) { refuse("decimals"); }
    var value = String(parseInt(parts[0], 10)) + (significant ? "." + significant : "");
    return bounded(value, signed[0], false, options.max);
  }

  // What `text` reads as: {value, code}. The value is whole kroner (a number), or for a
  // percentage a decimal string ("15.5"); null when the text is empty or refused. The code
  // says why a text is refused: invalid, ambiguous, decimals, digits, negative, too_large.
  function read(text, options) {
    var typed = String(text).trim();
    if (typed === "") { return { value: null, code: null }; }
    var percent = options.mode === "percent";
    var settings = {
      mode: options.mode,
      group: options.group,
      decimal: options.decimal,
      signed: Boolean(options.signed),
      places: options.places === undefined ? 2 : options.places,
      max: options.max === undefined ? (percent ? 100 : 10000000000) : Number(options.max),
    };
    try {
      var value = percent ? parsePercent(typed, settings) : parseKroner(typed, settings);
      return { value: value, code: null };
    } catch (error) {
      if (error instanceof Refused) { return { value: null, code: error.code }; }
      throw error;
    }
  }

  function grouped(digits, group) {
    var out = "";
    while (digits.length > 3) {
      out = group + digits.slice(-3) + out;
      digits = digits.slice(0, -3);
    }
    return digits + out;
  }

  // A value as the server writes it: kroner grouped ("1.500"), in thousands with up to three
  // decimals ("1,5"), a percentage with its decimals ("15,5").
  function display(value, mode, options) {
    if (mode === "percent") {
      var percentParts = String(value).split(".");
      return percentParts[0] + (percentParts[1] ? options.decimal + percentParts[1] : "");
    }
    var negative = value < 0 ? "-" : "";
    var kroner = Math.abs(value);
    if (mode === "thousands") {
      var rest = String(kroner % 1000);
      while (rest.length < 3) { rest = "0" + rest; }
      rest = rest.replace(/0+$/, "");
      return negative + grouped(String(Math.floor(kroner / 1000)), options.group) +
        (rest ? options.decimal + rest : "");
    }
    return negative + grouped(String(kroner), options.group);
  }

  // The reading rules of an amount input, from the attributes its widget rendered.
  function optionsOf(input, mode) {
    var data = input.dataset;
    return {
      mode: mode || data.amount || "kroner",
      group: data.amountGroup,
      decimal: data.amountDecimal,
      signed: data.amountSigned !== undefined,
      places: data.amountPlaces === undefined ? 2 : parseInt(data.amountPlaces, 10),
      max: data.amountMax === undefined ? undefined : Number(data.amountMax),
    };
  }

  function quoted(text) {
    var chars = Array.from(String(text).trim());
    return chars.length <= QUOTED_LENGTH ? chars.join("") : chars.slice(0, QUOTED_LENGTH).join("") + "\u2026";
  }

  // Say in the input's echo what its text reads as, or why it is refused.
  function echo(input) {
    var target = document.getElementById(input.dataset.amountEcho);
    if (!target) { return; }
    var options = optionsOf(input);
    var result = read(input.value, options);
    var text = "";
    if (result.code) {
      text = (target.getAttribute("data-refuse-" + options.mode + "-" + result.code) || "")
        .split("{text}").join(quoted(input.value));
    } else if (result.value !== null) {
      var shown = display(result.value, options.mode === "percent" ? "percent" : "kroner", options);
      text = (target.getAttribute("data-read-" + options.mode) || "").split("{number}").join(shown);
    }
    // An echo shared by several inputs (the grid's) names the one typed in.
    if (text && target.id !== input.id + "_echo") {
      var label = input.id && document.querySelector("label[for='" + input.id + "']");
      if (label) { text = label.textContent.trim() + ": " + text; }
    }
    target.textContent = text;
    target.classList.toggle("amount-echo-refused", Boolean(result.code));
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input && input.dataset && input.dataset.amountEcho !== undefined) { echo(input); }
  });

  window.RummeligAmounts = {
    read: read,
    display: display,
    optionsOf: optionsOf,
    echo: echo,
  };
})();
