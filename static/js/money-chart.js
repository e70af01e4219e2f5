// Draw each money chart: the budget against accepted and paid, year by year. The data comes
// from a json_script element named by the canvas's data-money-chart; the same numbers are in
// the table by year beside it, so the chart adds nothing a reader would miss.
(function () {
  "use strict";
  if (!window.Chart) {
    return;
  }
  var lang = document.documentElement.lang || "da";

  document.querySelectorAll("canvas[data-money-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-money-chart"));
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.names.budget, data: data.budget, backgroundColor: "#a6a6a6", borderColor: "#454545", borderWidth: 1 },
          { label: data.names.accepted, data: data.accepted, backgroundColor: "#0059b3", borderColor: "#0059b3", borderWidth: 1 },
          { label: data.names.paid, data: data.paid, backgroundColor: "#358000", borderColor: "#358000", borderWidth: 1 },
        ],
      },
      options: {
        locale: lang,
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  });
})();
