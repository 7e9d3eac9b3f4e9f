/* The statistics page: fetches each table's figures from /api/v1/stats/..., fills the table and
   draws its chart with the vendored ECharts (never a CDN). Charts follow the window's size. */
(function () {
  "use strict";
  var root = document.getElementById("stats");
  if (!root || !window.echarts) { return; }
  var label = function (name) { return root.getAttribute("data-label-" + name) || name; };
  var charts = [];

  function chart(id, option) {
    var el = document.getElementById(id);
    var c = window.echarts.getInstanceByDom(el) || window.echarts.init(el, null, { renderer: "canvas" });
    // Tooltips drawn in the canvas: ECharts' HTML tooltips are markup with style attributes,
    // which the Content Security Policy refuses.
    if (option.tooltip) { option.tooltip.renderMode = "richText"; }
    c.setOption(option);
    charts.push(c);
    return c;
  }

  function cell(text, numeric) {
    var td = document.createElement("td");
    td.textContent = text;
    if (numeric) { td.className = "num"; }
    return td;
  }

  function fill(tableId, rows) {
    var body = document.querySelector("#" + tableId + " tbody");
    body.textContent = "";
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      row.forEach(function (v, i) { tr.appendChild(cell(String(v), i > 0 && /^-?[\d.]+$/.test(String(v)))); });
      body.appendChild(tr);
    });
  }

  function total(section, key, value) {
    var el = document.querySelector("#" + section + " [data-total=" + key + "]");
    if (el) { el.textContent = String(value); }
  }

  function money(v) { return Number(v).toFixed(2); }
  function sum(items, key) { return items.reduce(function (a, i) { return a + Number(i[key]); }, 0); }
  function round1(v) { return Math.round(v * 10) / 10; }

  function load(name, draw) {
    fetch(root.getAttribute("data-api-" + name), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (res) { return res.json().then(function (body) { return { ok: res.ok, body: body }; }); })
      .then(function (r) {
        if (!r.ok) { throw new Error(r.body && r.body.message || label("error")); }
        draw(r.body);
        document.getElementById(name).setAttribute("data-loaded", "1");
      })
      .catch(function (err) {
        var p = document.createElement("p");
        p.className = "msg error";
        p.textContent = err && err.message ? err.message : label("error");
        document.getElementById(name).appendChild(p);
      });
  }

  load("completion", function (d) {
    fill("table-completion", d.statuses.map(function (s) { return [s.label, s.learners]; }));
    total("completion", "learners", d.learners);
    total("completion", "unconfirmed", d.unconfirmed);
    document.querySelector("#completion [data-required]").textContent =
      d.required.public + " / " + d.required.professional + " / " + d.required.total;
    chart("chart-completion", {
      tooltip: { trigger: "item" },
      legend: { bottom: 0, type: "scroll" },
      series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], name: label("learners"),
                 data: d.statuses.map(function (s) { return { name: s.label, value: s.learners }; }) }]
    });
  });

  load("hours", function (d) {
    var rows = d.items.filter(function (i) { return i.hours !== 0 || i.entries !== 0; });
    fill("table-hours", rows.map(function (i) { return [i.category_label, i.source_label, i.hours, i.entries]; }));
    total("hours", "hours", d.total);
    total("hours", "entries", sum(d.items, "entries"));
    var cats = [], sources = [];
    d.items.forEach(function (i) {
      if (cats.indexOf(i.category_label) < 0) { cats.push(i.category_label); }
      if (sources.indexOf(i.source_label) < 0) { sources.push(i.source_label); }
    });
    chart("chart-hours", {
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, type: "scroll" },
      grid: { left: 8, right: 8, top: 16, bottom: 48, containLabel: true },
      xAxis: { type: "category", data: cats },
      yAxis: { type: "value", name: label("hours") },
      series: sources.map(function (s) {
        return { type: "bar", stack: "hours", name: s, data: cats.map(function (c) {
          var it = d.items.filter(function (i) { return i.category_label === c && i.source_label === s; })[0];
          return it ? it.hours : 0;
        }) };
      })
    });
  });

  load("revenue", function (d) {
    var monthName = function (m) { return label("month").replace("{n}", m); };
    fill("table-revenue", d.months.map(function (m) {
      return [monthName(m.month), m.orders, m.enrolments, m.paid_orders, money(m.paid), money(m.refunded)];
    }));
    total("revenue", "orders", d.totals.orders);
    total("revenue", "enrolments", d.totals.enrolments);
    total("revenue", "paid_orders", d.totals.paid_orders);
    total("revenue", "paid", money(d.totals.paid));
    total("revenue", "refunded", money(d.totals.refunded));
    fill("table-bases", d.top_bases.map(function (b) { return [b.name, b.level_label, b.paid_orders, money(b.paid)]; }));
    chart("chart-revenue", {
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, type: "scroll" },
      grid: { left: 8, right: 8, top: 24, bottom: 48, containLabel: true },
      xAxis: { type: "category", data: d.months.map(function (m) { return m.month; }) },
      yAxis: [{ type: "value", name: label("paid") }, { type: "value", name: label("orders"), minInterval: 1 }],
      series: [
        { type: "bar", name: label("paid"), data: d.months.map(function (m) { return Number(m.paid); }) },
        { type: "bar", name: label("refunded"), data: d.months.map(function (m) { return Number(m.refunded); }) },
        { type: "line", name: label("orders"), yAxisIndex: 1, data: d.months.map(function (m) { return m.orders; }) }
      ]
    });
    var bases = d.top_bases.slice().reverse();
    chart("chart-bases", {
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", name: label("paid") },
      yAxis: { type: "category", data: bases.map(function (b) { return b.name; }),
               axisLabel: { width: 120, overflow: "truncate" } },
      series: [{ type: "bar", name: label("paid"), data: bases.map(function (b) { return Number(b.paid); }) }]
    });
  });

  load("courses", function (d) {
    fill("table-courses", d.items.map(function (i) { return [i.category_label, i.base_level_label, i.courses, i.hours]; }));
    total("courses", "courses", d.total);
    total("courses", "course_hours", round1(sum(d.items, "hours")));
    var cats = [], levels = [];
    d.items.forEach(function (i) {
      if (cats.indexOf(i.category_label) < 0) { cats.push(i.category_label); }
      if (levels.indexOf(i.base_level_label) < 0) { levels.push(i.base_level_label); }
    });
    chart("chart-courses", {
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: cats },
      yAxis: { type: "value", name: label("courses"), minInterval: 1 },
      series: levels.map(function (l) {
        return { type: "bar", name: l, data: cats.map(function (c) {
          var it = d.items.filter(function (i) { return i.category_label === c && i.base_level_label === l; })[0];
          return it ? it.courses : 0;
        }) };
      })
    });
  });

  load("evaluations", function (d) {
    var keys = ["overall", "content", "teaching", "video"];
    var avg = function (v) { return v === null || v === undefined ? "—" : Number(v).toFixed(1); };
    fill("table-evaluations", d.bases.map(function (b) {
      return [b.name, b.level_label, b.evaluations].concat(keys.map(function (k) { return avg(b.averages[k]); }));
    }));
    total("evaluations", "evaluations", d.total);
    var bases = d.bases.slice().reverse();
    chart("chart-evaluations", {
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
      xAxis: { type: "value", name: label("stars"), min: 0, max: 5 },
      yAxis: { type: "category", data: bases.map(function (b) { return b.name; }),
               axisLabel: { width: 120, overflow: "truncate" } },
      series: keys.map(function (k) {
        return { type: "bar", name: d.labels[k], data: bases.map(function (b) { return b.averages[k]; }) };
      })
    });
  });

  var pending = null;
  window.addEventListener("resize", function () {
    if (pending) { window.cancelAnimationFrame(pending); }
    pending = window.requestAnimationFrame(function () { charts.forEach(function (c) { c.resize(); }); });
  });
}());
