// Charts of the staff console (Chart.js). Each <canvas data-chart="ID"> reads the JSON of <script id="ID">;
// the same figures are always in a table next to the chart.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Chart === "undefined") { return; }
  var names = document.getElementById("chart-labels");
  var colours = ["#0b5ed7", "#adb5bd", "#198754", "#b35c00", "#6f42c1", "#d63384"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var config;
    var options = { indexAxis: "y", animation: false, responsive: true };
    if (canvas.dataset.kind === "plan") {
      // With targets: the share of plan in percent (the plan is 100%), one scale for every metric.
      var planned = data.filter(function (row) { return row.percent !== null; });
      if (planned.length) {
        config = {
          labels: planned.map(function (row) { return row.label; }),
          datasets: [
            { label: names.dataset.share, data: planned.map(function (row) { return row.percent; }), backgroundColor: colours[0] },
            { label: names.dataset.plan, data: planned.map(function () { return 100; }), backgroundColor: colours[1] }
          ]
        };
        options.scales = { x: { beginAtZero: true, ticks: { callback: function (value) { return value + "%"; } } } };
      } else {
        config = {
          labels: data.map(function (row) { return row.label; }),
          datasets: [{ label: names.dataset.achieved, data: data.map(function (row) { return row.value; }), backgroundColor: colours[0] }]
        };
      }
      canvas.dataset.mode = planned.length ? "percent" : "values";
    } else {
      config = {
        labels: data.labels,
        datasets: data.series.map(function (s, i) { return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length] }; })
      };
    }
    new Chart(canvas, { type: "bar", data: config, options: options });
  });
});
