/* Charts of the portal, drawn with the ECharts copy the portal serves itself.
 *
 * A chart is a <div data-chart="KIND" data-chart-source="ID"> whose data sits in
 * <script type="application/json" id="ID"> written by Django's json_script: no figure is
 * ever pasted into JavaScript, and none is computed here (counts and statuses come from
 * the database). The div is hidden until drawn, so with scripts off the page shows only its
 * tables and figures.
 *
 * Colours: every one is a custom property of portal.css (:root), read once here, so the
 * charts and the badges, bars and figures of the pages share one palette.
 */
(function () {
  "use strict";

  var style = window.getComputedStyle(document.documentElement);

  function cssColour(name) {
    return style.getPropertyValue("--" + name).trim();
  }

  var COLOURS = {
    brand: cssColour("brand"),
    second: cssColour("chart-second"),
    live: cssColour("chart-live"),
    good: cssColour("good"),
    warn: cssColour("warn"),
    bad: cssColour("bad"),
    none: cssColour("none"),
    muted: cssColour("muted")
  };
  // A target line's colour: a goal to reach in green, a cap in red, a range's floor amber.
  var TARGET_COLOURS = {
    target: COLOURS.good, at_least: COLOURS.good, at_most: COLOURS.bad, low: COLOURS.warn, high: COLOURS.bad
  };
  var SERIES_COLOURS = [COLOURS.brand, COLOURS.second];

  function readData(el) {
    var source = document.getElementById(el.getAttribute("data-chart-source"));
    return JSON.parse(source.textContent);
  }

  // Figures arrive as exact decimal strings (targets.selectors.Trend.chart_data).
  function toNumber(value) {
    return value === null || value === undefined ? null : Number(value);
  }

  // Tooltips are drawn on the canvas (renderMode "richText"): ECharts' HTML tooltips carry
  // style attributes, which the portal's CSP refuses (style-src-attr 'none').
  function draw(el, option) {
    el.hidden = false;
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(Object.assign({ animation: false }, option));
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
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
      // A year without a figure is null and stays a gap: no line is drawn across it.
      data: years.map(function (year) {
        var value = year in byYear ? byYear[year] : null;
        return liveYears[year] ? { value: value, itemStyle: { color: COLOURS.live } } : value;
      }),
      connectNulls: false,
      showAllSymbol: true,
      symbolSize: 9,
      lineStyle: { width: 3, color: COLOURS.brand },
      itemStyle: { color: COLOURS.brand },
      label: { show: true, position: "top" }
    }];
    data.targets.forEach(function (target) {
      var value = toNumber(target.value);
      var colour = TARGET_COLOURS[target.kind] || COLOURS.good;
      series.push({
        name: data.labels[target.kind] || data.labels.target,
        type: "line",
        data: years.map(function () { return value; }),
        symbol: "none",
        lineStyle: { type: "dashed", width: 2, color: colour },
        itemStyle: { color: colour }
      });
    });

    draw(el, {
      tooltip: { renderMode: "richText", trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 16, right: 24, top: 48, bottom: 16, containLabel: true },
      xAxis: { type: "category", data: years.map(String), boundaryGap: false },
      yAxis: { type: "value", name: data.unit_label },
      series: series
    });
  }

  // Targets by status (targets.views._status_chart): one bar per status, in its badge's tone.
  function drawStatus(el) {
    var data = readData(el);
    var items = data.items.slice().reverse();  // the first status on top
    draw(el, {
      tooltip: { renderMode: "richText", trigger: "item" },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: items.map(function (item) { return item.label; }) },
      series: [{
        name: data.title,
        type: "bar",
        data: items.map(function (item) {
          return { value: item.count, itemStyle: { color: COLOURS[item.tone] || COLOURS.none } };
        }),
        label: { show: true, position: "right" }
      }]
    });
  }

  // Counts by category (targets.views._stage_chart, _mineral_chart), stacked if asked.
  function drawBars(el) {
    var data = readData(el);
    draw(el, {
      tooltip: { renderMode: "richText", trigger: "axis", axisPointer: { type: "shadow" } },
      legend: data.series.length > 1 ? { top: 0 } : undefined,
      grid: { left: 8, right: 16, top: data.series.length > 1 ? 32 : 8, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.categories, axisLabel: { interval: 0, rotate: data.categories.length > 6 ? 40 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (item, i) {
        return {
          name: item.name,
          type: "bar",
          stack: data.stacked ? "total" : undefined,
          data: item.values,
          itemStyle: { color: SERIES_COLOURS[i % SERIES_COLOURS.length] }
        };
      })
    });
  }

  var drawers = { trend: drawTrend, status: drawStatus, bars: drawBars };

  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var drawChart = drawers[el.getAttribute("data-chart")];
    if (drawChart && window.echarts) {
      drawChart(el);
    }
  });
})();
