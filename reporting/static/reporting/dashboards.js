/* Draws each dashboard panel's chart from the numbers its template passed through json_script.
 * No inline script: the content-security policy allows only files served by the app. */
(function () {
  "use strict";

  // Colour-blind-safe palette (Okabe and Ito), then the app's accent.
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#0b5563"];
  var ROW_HEIGHT = 22; // pixels per bar of a horizontal chart

  function options(type, seriesCount) {
    var horizontal = type === "hbar" || type === "hstacked";
    var stacked = type === "stacked" || type === "hstacked";
    return {
      indexAxis: horizontal ? "y" : "x",
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: seriesCount > 1, position: "bottom" },
        tooltip: { enabled: true }
      },
      scales: {
        x: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } },
        y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0, autoSkip: !horizontal } }
      }
    };
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart === "undefined") {
      return; // the table below the chart holds the same numbers
    }
    var data = JSON.parse(source.textContent);
    var horizontal = data.type === "hbar" || data.type === "hstacked";
    if (horizontal) {
      canvas.parentElement.style.height = Math.max(160, data.labels.length * ROW_HEIGHT + 70) + "px";
    }
    var single = data.series.length === 1;
    var datasets = data.series.map(function (series, index) {
      var colour = PALETTE[index % PALETTE.length];
      return {
        label: series.label,
        data: series.values,
        backgroundColor: data.type === "line" ? colour + "33" : colour,
        borderColor: colour,
        borderWidth: data.type === "line" ? 2 : 0,
        fill: data.type === "line",
        pointRadius: data.type === "line" ? 2 : 0,
        spanGaps: false
      };
    });
    new window.Chart(canvas, {
      type: data.type === "line" ? "line" : "bar",
      data: { labels: data.labels, datasets: datasets },
      options: options(data.type, single ? 1 : datasets.length)
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
