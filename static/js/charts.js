/* Charts of the portal, drawn with the ECharts copy the portal serves itself.
 *
 * A chart is a <div data-chart="trend" data-chart-source="ID"> whose data sits in
 * <script type="application/json" id="ID"> written by Django's json_script: no figure is
 * ever pasted into JavaScript. The div is hidden until drawn, so with scripts off the page
 * shows only its tables.
 */
(function () {
  "use strict";

  var TARGET_COLOURS = { target: "#2e7d32", at_least: "#2e7d32", at_most: "#c62828", low: "#b26a00", high: "#c62828" };

  function readData(el) {
    var source = document.getElementById(el.getAttribute("data-chart-source"));
    return JSON.parse(source.textContent);
  }

  // Figures arrive as exact decimal strings (targets.selectors.Trend.chart_data).
  function toNumber(value) {
    return value === null || value === undefined ? null : Number(value);
  }

  function drawTrend(el) {
    var data = readData(el);
    // The x axis runs, year by year, over the target's period and every year with a figure.
    var bounds = data.years.concat([data.first_year, data.target_year]).filter(function (y) {
      return typeof y === "number";
    });
    var years = [];
    for (var year = Math.min.apply(null, bounds); year <= Math.max.apply(null, bounds); year++) {
      years.push(year);
    }
    var byYear = {};
    data.years.forEach(function (year, i) { byYear[year] = toNumber(data.values[i]); });
    var liveYears = {};
    data.years.forEach(function (year, i) { if (data.live[i]) { liveYears[year] = true; } });

    var series = [{
      name: data.labels.actual,
      type: "line",
      data: years.map(function (year) {
        var value = year in byYear ? byYear[year] : null;
        return liveYears[year] ? { value: value, itemStyle: { color: "#f2a541" } } : value;
      }),
      connectNulls: true,
      symbolSize: 9,
      lineStyle: { width: 3, color: "#1f5f8b" },
      itemStyle: { color: "#1f5f8b" },
      label: { show: true, position: "top" }
    }];
    data.targets.forEach(function (target) {
      var value = toNumber(target.value);
      var colour = TARGET_COLOURS[target.kind] || "#2e7d32";
      series.push({
        name: data.labels[target.kind] || data.labels.target,
        type: "line",
        data: years.map(function () { return value; }),
        symbol: "none",
        lineStyle: { type: "dashed", width: 2, color: colour },
        itemStyle: { color: colour }
      });
    });

    el.hidden = false;
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 16, right: 24, top: 48, bottom: 16, containLabel: true },
      xAxis: { type: "category", data: years.map(String), boundaryGap: false },
      yAxis: { type: "value", name: data.unit_label },
      series: series
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  var drawers = { trend: drawTrend };

  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var draw = drawers[el.getAttribute("data-chart")];
    if (draw && window.echarts) {
      draw(el);
    }
  });
})();
