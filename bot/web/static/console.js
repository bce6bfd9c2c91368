/* The console's charts: drawn from the JSON the server put in the page (#chart-data).
   Every figure is also in the page's tables; without this script nothing is lost. */
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof window.echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];

  function mount(id, option) {
    var box = document.getElementById(id);
    if (!box) { return; }
    box.innerHTML = "";
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    chart.setOption(option);
    box.setAttribute("data-drawn", "true");
    charts.push(chart);
  }

  mount("chart-closure", {
    tooltip: { trigger: "item" },
    legend: { type: "scroll", bottom: 0 },
    series: [{
      type: "pie", radius: ["35%", "65%"], avoidLabelOverlap: true,
      label: { formatter: "{b}: {c}" },
      data: data.closure.filter(function (d) { return d.value > 0; })
        .map(function (d) { return { name: d.name, value: d.value, reason: d.reason }; })
    }]
  });

  var weekSeries = data.weeks.series.map(function (s) {
    return { name: s.name, type: "bar", stack: "kinds", data: s.data };
  });
  weekSeries.push({ name: data.weeks.last_year_name, type: "line", data: data.weeks.last_year });
  mount("chart-weeks", {
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", bottom: 0 },
    grid: { left: 36, right: 12, top: 16, bottom: 56 },
    xAxis: { type: "category", data: data.weeks.labels },
    yAxis: { type: "value", minInterval: 1 },
    series: weekSeries
  });

  var houses = data.houses;
  var columns = [];
  for (var i = 0; i < houses.columns; i += 1) { columns.push(String(i + 1)); }
  mount("chart-houses", {
    tooltip: { formatter: function (p) { return p.value[3] + ": " + p.value[2]; } },
    grid: { left: 8, right: 8, top: 8, bottom: 48, containLabel: true },
    xAxis: { type: "category", data: columns, splitArea: { show: true } },
    yAxis: { type: "category", data: houses.rows, splitArea: { show: true } },
    visualMap: { min: 0, max: Math.max(houses.max, 1), calculable: true, orient: "horizontal",
                 left: "center", bottom: 0, inRange: { color: ["#f0f9f4", "#07a35a", "#0b4d2c"] } },
    series: [{ type: "heatmap", data: houses.cells, label: { show: houses.cells.length <= 60 } }]
  });

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
}());
