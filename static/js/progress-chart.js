// Draw each progress chart: achieved month by month against a steady pace and the target.
// The data comes from a json_script element named by the canvas's data-progress-chart; the
// same numbers are in a table beside the chart, so the chart adds nothing a reader would miss.
(function () {
  "use strict";
  if (!window.Chart) {
    return;
  }
  var lang = document.documentElement.lang || "da";

  document.querySelectorAll("canvas[data-progress-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-progress-chart"));
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: data.names.achieved,
            data: data.achieved,
            borderColor: "#0059b3",
            backgroundColor: "#0059b3",
            borderWidth: 3,
            pointRadius: 2,
            pointStyle: "circle",
            spanGaps: false,
          },
          {
            label: data.names.expected,
            data: data.expected,
            borderColor: "#454545",
            backgroundColor: "#454545",
            borderDash: [8, 4],
            borderWidth: 2,
            pointRadius: 0,
          },
          {
            label: data.names.target,
            data: data.labels.map(function () { return data.target; }),
            borderColor: "#b00020",
            backgroundColor: "#b00020",
            borderDash: [2, 3],
            borderWidth: 2,
            pointRadius: 0,
          },
        ],
      },
      options: {
        locale: lang,
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0 } },
        },
        plugins: {
          legend: { position: "bottom", labels: { usePointStyle: true } },
        },
      },
    });
  });
})();
