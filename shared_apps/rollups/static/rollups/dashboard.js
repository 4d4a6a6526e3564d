// Charts of the leaders' dashboard, drawn from the figures the page embeds (no extra request).
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("dashboard-data").textContent);
  const LABELS = {
    "voices.submitted": "群众意见", "voices.answered": "已答复", "voices.on_time": "按时答复",
    "voices.satisfied": "满意", "duty.records": "履职记录", "deputies.active": "活跃代表",
    "escalations.requested": "提级办理",
  };
  const charts = [];
  function chart(id, option) {
    const el = document.getElementById(id);
    if (!el) return;
    const c = echarts.init(el);
    c.setOption(Object.assign({ animation: false, tooltip: { trigger: "item" } }, option));
    charts.push(c);
  }
  function pie(id, pairs, empty) {
    const items = pairs.map((p) => ({ name: p.label, value: p.value }));
    chart(id, items.length ? {
      legend: { type: "scroll", bottom: 0 },
      series: [{ type: "pie", radius: ["30%", "55%"], center: ["50%", "45%"], data: items, percentPrecision: 0,
                 label: { formatter: "{d}%", fontSize: 11, overflow: "none" } }],
    } : { title: { text: empty, left: "center", top: "middle", textStyle: { color: "#999", fontSize: 14 } } });
  }
  const trendKeys = ["voices.submitted", "voices.answered", "voices.on_time", "duty.records"];
  chart("chart-trend", {
    tooltip: { trigger: "axis" },
    legend: { data: trendKeys.map((k) => LABELS[k]) },
    grid: { left: 40, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.trend.months },
    yAxis: { type: "value", minInterval: 1 },
    series: trendKeys.map((k) => ({ name: LABELS[k], type: "line", smooth: true, data: data.trend[k] })),
  });
  pie("chart-category", data.mix.category, "暂无数据");
  pie("chart-grade", data.mix.grade, "暂无数据");
  pie("chart-duty", data.mix.duty_type, "暂无数据");
  const kids = data.children.filter((c) => !c.is_self);
  chart("chart-children", {
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 10, top: 20, bottom: 60 },
    xAxis: { type: "category", data: kids.map((c) => c.name), axisLabel: { rotate: 30, fontSize: 10 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", name: "群众意见", data: kids.map((c) => c.figures["voices.submitted"] || 0) }],
  });
  const topics = data.hot_topics.slice(0, 12).reverse();
  chart("chart-topics", topics.length ? {
    tooltip: { trigger: "axis" },
    grid: { left: 70, right: 20, top: 10, bottom: 20 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: topics.map((t) => t.word) },
    series: [{ type: "bar", data: topics.map((t) => t.count), itemStyle: { color: "#c0392b" } }],
  } : { title: { text: "暂无数据", left: "center", top: "middle", textStyle: { color: "#999", fontSize: 14 } } });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  document.body.dataset.chartsReady = String(charts.length);
})();
