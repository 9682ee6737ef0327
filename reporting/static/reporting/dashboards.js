/* Draws each dashboard panel's chart from the numbers its template passed through json_script.
 * No inline script: the content-security policy allows only files served by the app. */
(function () {
  "use strict";

  // Colour-blind-safe palette (Okabe and Ito), then the app's accent.
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#0b5563"];
  var ROW_HEIGHT = 22; // pixels per bar of a horizontal chart
  // A category's name on an axis is cut to this many characters, so a long one ("Online
  // advertisement on a social network") leaves room for the bars; the tooltip and the table
  // below the chart give it whole. Dates come already written by the server in the page's
  // language (config/formats), never as MM/DD/YYYY.
  var LABEL_CHARS = 24;

  function shortLabel(value) {
    var label = String(this.getLabelForValue(value));
    return label.length > LABEL_CHARS ? label.slice(0, LABEL_CHARS - 1) + "\u2026" : label;
  }

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
      layout: { padding: { right: 12 } },
      scales: {
        x: {
          stacked: stacked,
          beginAtZero: true,
          ticks: horizontal ? { precision: 0 } : { precision: 0, callback: shortLabel, maxRotation: 50 }
        },
        y: {
          stacked: stacked,
          beginAtZero: true,
          ticks: horizontal ? { precision: 0, autoSkip: false, callback: shortLabel } : { precision: 0 }
        }
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
