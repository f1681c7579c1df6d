// ECharts options for every plot of a study; pure functions of the trials, so the study and compare pages share them.
"use strict";
MO.plots = {};

const zoom = [{ type: "inside" }, { type: "slider", height: 16, bottom: 4 }];
const toolbox = { right: 10, feature: { dataZoom: { yAxisIndex: "none" }, restore: {}, saveAsImage: {} } };
const valueAxis = (log, name) => ({ type: log ? "log" : "value", name, scale: true, nameLocation: "middle", nameGap: 48,
  axisLabel: { formatter: v => MO.fmt(v, 4) } });
const base = () => ({ animation: false, grid: { left: 70, right: 30, top: 40, bottom: 56 }, toolbox,
  tooltip: { trigger: "item", confine: true, enterable: false } });
const finished = t => t.state === "Complete" && typeof t.value === "number";
MO.plots.finished = finished;

// Whether a log value axis can show these trials (every value positive).
MO.plots.canLog = trials => trials.some(finished) && trials.filter(finished).every(t => t.value > 0);

// Tukey's far-out fences (3 IQR beyond the quartiles, on the log scale for a log axis): the range the plots open
// on, so one diverged trial does not squash every other point onto a line. Null when no value is outside.
MO.plots.fences = function (values, log) {
  const xs = values.filter(v => typeof v === "number" && (!log || v > 0)).map(v => log ? Math.log(v) : v).sort((a, b) => a - b);
  if (xs.length < 4) return null;
  const q = p => { const i = p * (xs.length - 1), lo = Math.floor(i); return xs[lo] + (xs[Math.min(lo + 1, xs.length - 1)] - xs[lo]) * (i - lo); };
  const iqr = q(0.75) - q(0.25), lo = Math.max(xs[0], q(0.25) - 3 * iqr), hi = Math.min(xs[xs.length - 1], q(0.75) + 3 * iqr);
  const outside = xs.filter(x => x < lo || x > hi).length;
  if (outside === 0 || !(hi > lo)) return null;
  const pad = (hi - lo) * 0.05, back = log ? Math.exp : x => x;
  return { min: back(lo - pad), max: back(hi + pad), outside };
};
const outlierNote = f => f ? `${f.outside} outlier${f.outside > 1 ? "s" : ""} outside the view: drag the value slider or use restore` : "";
const hideEdges = axis => Object.assign(axis.axisLabel, { showMinLabel: false, showMaxLabel: false });
const outlierTitle = f => ({ text: "", subtext: outlierNote(f), right: 150, top: 0, subtextStyle: { color: "#667085" } });

MO.plots.bestSoFar = function (trials, direction) {
  const better = direction === "maximize" ? (a, b) => a > b : (a, b) => a < b;
  const line = [];
  let best = null;
  for (const t of trials) {
    if (!finished(t)) continue;
    if (best === null || better(t.value, best)) best = t.value;
    line.push([t.number, best]);
  }
  return line;
};

// Opens the value axis on the fences (outliers a drag away, their count in the title) and adds the value zoom controls.
function zoomToFences(option, fences) {
  const view = fences ? { startValue: fences.min, endValue: fences.max } : {};
  option.title = outlierTitle(fences);
  if (fences) hideEdges(option.yAxis);
  option.grid.right = 50;
  option.dataZoom = zoom.concat([Object.assign({ type: "inside", yAxisIndex: 0, zoomOnMouseWheel: "shift", moveOnMouseWheel: false, filterMode: "none" }, view),
    Object.assign({ type: "slider", yAxisIndex: 0, right: 8, width: 14, filterMode: "none", showDetail: false }, view)]);
}

MO.plots.history = function (trials, study, log) {
  const byNumber = new Map(trials.map(t => [t.number, t]));
  const point = t => ({ value: [t.number, t.value], trial: t.number });
  const option = base();
  option.legend = { top: 4, left: 10 };
  option.tooltip.formatter = p => p.data.trial !== undefined ? MO.trialTooltip(byNumber.get(p.data.trial)) : `best so far: ${MO.fmt(p.value[1])}`;
  option.xAxis = { type: "value", name: "trial", nameLocation: "middle", nameGap: 28, minInterval: 1 };
  option.yAxis = valueAxis(log, "objective value");
  const fences = MO.plots.fences(trials.filter(t => t.state === "Complete" || t.state === "Pruned").map(t => t.value), log);
  zoomToFences(option, fences);
  option.series = [
    { name: "Complete", type: "scatter", symbolSize: 6, itemStyle: { color: MO.stateColors.Complete }, large: trials.length > 5000,
      data: trials.filter(finished).map(point) },
    { name: "Pruned", type: "scatter", symbolSize: 5, itemStyle: { color: MO.stateColors.Pruned, opacity: 0.7 },
      data: trials.filter(t => t.state === "Pruned" && typeof t.value === "number" && (!log || t.value > 0)).map(point) },
    { name: "best so far", type: "line", step: "end", showSymbol: false, lineStyle: { color: MO.stateColors.Failed, width: 2 },
      data: MO.plots.bestSoFar(trials, study.direction) },
  ];
  return option;
};

// The learning curves of the trials that reported: the running ones and the latest finished ones.
MO.plots.intermediate = function (trials, log, maxCurves) {
  const reporting = trials.filter(t => Object.keys(t.intermediate_values).length > 0);
  const shown = reporting.filter(t => t.state === "Running").concat(reporting.filter(t => t.state !== "Running").slice(-maxCurves));
  const curves = new Map(shown.map(t => [t.number, MO.curve(t)]));
  const byNumber = new Map(shown.map(t => [t.number, t]));
  const option = base();
  option.tooltip.formatter = p => MO.trialTooltip(byNumber.get(p.data.trial), `step ${p.data.value[0]}: ${MO.fmt(p.data.value[1])}`);
  option.xAxis = { type: "value", name: "step", nameLocation: "middle", nameGap: 28, minInterval: 1 };
  option.yAxis = valueAxis(log, "intermediate value");
  const fences = MO.plots.fences(shown.flatMap(t => curves.get(t.number).map(([, v]) => v)), log);
  zoomToFences(option, fences);
  option.series = shown.map(t => ({
    name: "trial " + t.number, type: "line", showSymbol: true, symbolSize: 3, emphasis: { focus: "series" },
    lineStyle: { width: t.state === "Running" ? 2.5 : 1, opacity: t.state === "Running" ? 1 : 0.45 },
    itemStyle: { color: MO.stateColors[t.state] },
    data: curves.get(t.number).filter(([, v]) => v !== null && (!log || v > 0)).map(([step, v]) => ({ value: [step, v], trial: t.number })),
  }));
  return { option, hidden: reporting.length - shown.length };
};

MO.plots.importance = function (result) {
  const rows = result.importances.slice().reverse();
  return { animation: false, grid: { left: 140, right: 50, top: 10, bottom: 30 },
    tooltip: { trigger: "item", formatter: p => `${MO.escape(p.name)}: ${(p.value * 100).toFixed(1)} %` },
    xAxis: { type: "value", max: 1, axisLabel: { formatter: v => Math.round(v * 100) + " %" } },
    yAxis: { type: "category", data: rows.map(r => r.parameter), axisLabel: { width: 120, overflow: "truncate" } },
    series: [{ type: "bar", data: rows.map(r => r.importance), itemStyle: { color: MO.stateColors.Complete },
      label: { show: true, position: "right", formatter: p => (p.value * 100).toFixed(1) + " %" } }] };
};

const paramAxis = (dist, name) => dist && dist.kind === "categorical"
  ? { type: "category", data: dist.labels, name, nameLocation: "middle", nameGap: 28 }
  : { type: dist && dist.log ? "log" : "value", name, nameLocation: "middle", nameGap: 28, scale: true,
      minInterval: dist && dist.kind === "int" ? 1 : 0, axisLabel: { formatter: v => MO.fmt(v, 4) } };
const paramValue = (dist, v) => dist && dist.kind === "categorical" ? String(v) : v;
MO.plots.paramAxis = paramAxis;

// One parameter against the value, coloured by trial number (integer ticks).
MO.plots.slice = function (trials, space, name, log) {
  const usable = trials.filter(t => finished(t) && name in t.params && (!log || t.value > 0));
  const byNumber = new Map(usable.map(t => [t.number, t]));
  const last = Math.max(1, ...usable.map(t => t.number));
  const option = base();
  option.grid = { left: 64, right: 64, top: 30, bottom: 40 };
  option.title = { text: name, left: "center", textStyle: { fontSize: 13 } };
  option.toolbox = { right: 4, itemSize: 12, feature: { dataZoom: {}, restore: {} } };
  option.tooltip.formatter = p => MO.trialTooltip(byNumber.get(p.data.trial));
  option.xAxis = paramAxis(space[name], "");
  option.yAxis = valueAxis(log, "");
  option.yAxis.nameGap = 0;
  option.dataZoom = [{ type: "inside" }];
  // The colour bar is labelled with whole trial numbers at both ends.
  option.visualMap = { type: "continuous", min: 0, max: last, dimension: 2, calculable: false, right: 0, top: 40,
    itemHeight: 110, itemWidth: 10, text: [String(last), "0"], textStyle: { fontSize: 10 }, inRange: { color: ["#c6dbef", "#08306b"] } };
  const fences = MO.plots.fences(usable.map(t => t.value), log);
  if (fences) {
    hideEdges(Object.assign(option.yAxis, { min: fences.min, max: fences.max }));
    option.title.text = `${name} · ${fences.outside} off the chart`;
  }
  option.series = [{ type: "scatter", symbolSize: 6,
    data: usable.map(t => ({ value: [paramValue(space[name], t.params[name]), t.value, t.number], trial: t.number })) }];
  return option;
};

// Ranks in [0, 1], best = 0, so one outlier does not wash out the colours of every other trial.
MO.plots.ranks = function (trials, direction) {
  const sorted = trials.slice().sort((a, b) => direction === "maximize" ? b.value - a.value : a.value - b.value);
  const rank = new Map();
  sorted.forEach((t, i) => rank.set(t.number, sorted.length > 1 ? i / (sorted.length - 1) : 0));
  return rank;
};
const rankColors = ["#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027"];

// Two parameters: the value interpolated on a grid (inverse-distance weighting), the trials on top.
MO.plots.contour = function (trials, space, study, xName, yName) {
  const usable = trials.filter(t => finished(t) && xName in t.params && yName in t.params);
  const option = base();
  option.grid = { left: 80, right: 130, top: 30, bottom: 56 };
  option.xAxis = paramAxis(space[xName], xName);
  option.yAxis = paramAxis(space[yName], yName);
  option.yAxis.nameGap = 56;
  if (usable.length === 0) { option.series = []; return option; }
  const axis = (dist, values) => {
    if (dist && dist.kind === "categorical") return { cat: true, n: dist.labels.length, pos: v => dist.labels.indexOf(String(v)), at: i => dist.labels[i] };
    const log = dist && dist.log;
    const f = log ? Math.log : x => x, inv = log ? Math.exp : x => x;
    const lo = dist ? f(dist.low) : f(Math.min(...values)), hi = dist ? f(dist.high) : f(Math.max(...values));
    const n = 40, width = (hi - lo) || 1;
    return { cat: false, n, pos: v => (f(v) - lo) / width * n - 0.5, at: i => inv(lo + (i + 0.5) / n * width), edge: i => inv(lo + i / n * width) };
  };
  const ax = axis(space[xName], usable.map(t => t.params[xName])), ay = axis(space[yName], usable.map(t => t.params[yName]));
  const points = usable.map(t => [ax.pos(t.params[xName]), ay.pos(t.params[yName]), t.value]);
  const cells = [];
  for (let i = 0; i < ax.n; i++) for (let j = 0; j < ay.n; j++) {
    let num = 0, den = 0, exact = null;
    for (const [px, py, v] of points) {
      const dx = (px - i) / ax.n, dy = (py - j) / ay.n, d2 = dx * dx + dy * dy;
      if (d2 < 1e-12) { exact = v; break; }
      const w = 1 / (d2 * d2); num += w * v; den += w;
    }
    cells.push([i, j, exact ?? num / den]);
  }
  const values = usable.map(t => t.value).sort((a, b) => a - b);
  const q = p => values[Math.min(values.length - 1, Math.floor(p * (values.length - 1)))];
  const byNumber = new Map(usable.map(t => [t.number, t]));
  option.tooltip.formatter = p => p.seriesIndex === 1 ? MO.trialTooltip(byNumber.get(p.data.trial)) : `interpolated: ${MO.fmt(p.value[2])}`;
  // The colour range leaves out the extreme 5 % on each side: outliers would turn the whole grid one colour.
  option.visualMap = { type: "continuous", seriesIndex: 0, dimension: 2, min: q(0.05), max: q(0.95), right: 10, top: 30, itemHeight: 200,
    precision: 3, calculable: true, text: ["value", ""], formatter: v => MO.fmt(v),
    inRange: { color: study.direction === "maximize" ? rankColors.slice().reverse() : rankColors } };
  for (const [a, dist] of [[option.xAxis, space[xName]], [option.yAxis, space[yName]]])
    if (dist && dist.kind !== "categorical") { a.min = dist.low; a.max = dist.high; }
  // A cell is drawn between its edges on a numeric axis, and across its band on a categorical one.
  const span = (axis, i) => axis.cat ? [i, i] : [axis.edge(i), axis.edge(i + 1)];
  option.series = [
    { type: "custom", data: cells.map(([i, j, v]) => [ax.at(i), ay.at(j), v, i, j]), encode: { x: 0, y: 1 },
      renderItem: (params, api) => {
        const xs = span(ax, api.value(3)), ys = span(ay, api.value(4));
        const p0 = api.coord([xs[0], ys[0]]), p1 = api.coord([xs[1], ys[1]]), band = api.size([1, 1]);
        const [x0, x1] = ax.cat ? [p0[0] - band[0] / 2, p0[0] + band[0] / 2] : [p0[0], p1[0]];
        const [y0, y1] = ay.cat ? [p0[1] - band[1] / 2, p0[1] + band[1] / 2] : [p0[1], p1[1]];
        return { type: "rect", shape: { x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0) + 0.5, height: Math.abs(y1 - y0) + 0.5 },
          style: { fill: api.visual("color") } };
      } },
    { type: "scatter", symbolSize: 5, itemStyle: { color: "#222", borderColor: "#fff", borderWidth: 0.5 },
      data: usable.map(t => ({ value: [paramValue(space[xName], t.params[xName]), paramValue(space[yName], t.params[yName])], trial: t.number })) },
  ];
  return option;
};

// Two parameters, each trial coloured by the rank of its value (Optuna's rank plot).
MO.plots.rank = function (trials, space, study, xName, yName) {
  const usable = trials.filter(t => finished(t) && xName in t.params && yName in t.params);
  const rank = MO.plots.ranks(usable, study.direction);
  const byNumber = new Map(usable.map(t => [t.number, t]));
  const option = base();
  option.grid = { left: 80, right: 90, top: 30, bottom: 56 };
  option.xAxis = paramAxis(space[xName], xName);
  option.yAxis = paramAxis(space[yName], yName);
  option.yAxis.nameGap = 56;
  option.dataZoom = [{ type: "inside", xAxisIndex: 0 }, { type: "inside", yAxisIndex: 0 }];
  option.tooltip.formatter = p => MO.trialTooltip(byNumber.get(p.data.trial), `rank: ${Math.round(p.value[2] * 100)} % from the best`);
  option.visualMap = { type: "continuous", dimension: 2, min: 0, max: 1, right: 0, top: 30, itemHeight: 200, text: ["worst", "best"],
    formatter: v => Math.round(v * 100) + " %", inRange: { color: rankColors } };
  option.series = [{ type: "scatter", symbolSize: 7,
    data: usable.map(t => ({ value: [paramValue(space[xName], t.params[xName]), paramValue(space[yName], t.params[yName]), rank.get(t.number)], trial: t.number })) }];
  return option;
};

// Parallel coordinates, one line per completed trial, coloured by rank so the good trials stand apart.
MO.plots.parallel = function (trials, space, study, names, log) {
  const usable = trials.filter(t => finished(t) && names.every(n => n in t.params) && (!log || t.value > 0));
  const rank = MO.plots.ranks(usable, study.direction);
  const byNumber = new Map(usable.map(t => [t.number, t]));
  const axes = names.map((n, i) => Object.assign(paramAxis(space[n], n), { dim: i, nameLocation: "end", nameGap: 12 }));
  const fences = MO.plots.fences(usable.map(t => t.value), log);
  axes.push(Object.assign(valueAxis(log, "value"), { dim: names.length, nameLocation: "end", nameGap: 12 },
    fences ? { min: fences.min, max: fences.max, name: `value (${fences.outside} outliers at the edge)` } : {}));
  if (fences) hideEdges(axes[axes.length - 1]);
  // An outlier's line ends at the edge of the value axis instead of leaving the chart; its tooltip keeps the value.
  const clamp = v => fences ? Math.min(fences.max, Math.max(fences.min, v)) : v;
  return { animation: false, parallel: { left: 60, right: 110, top: 50, bottom: 30 }, parallelAxis: axes,
    tooltip: { trigger: "item", confine: true, formatter: p => MO.trialTooltip(byNumber.get(p.data.trial)) },
    visualMap: { type: "continuous", dimension: names.length + 1, min: 0, max: 1, right: 0, top: 50, itemHeight: 200,
      text: ["worst", "best"], formatter: v => Math.round(v * 100) + " %", inRange: { color: rankColors } },
    series: [{ type: "parallel", lineStyle: { width: 1, opacity: 0.5 }, emphasis: { lineStyle: { width: 3, opacity: 1 } },
      progressive: 1000, data: usable.map(t => ({ value: names.map(n => paramValue(space[n], t.params[n])).concat([clamp(t.value), rank.get(t.number)]), trial: t.number })) }] };
};

// Empirical distribution: the fraction of completed trials whose value is at most x; one line per study.
MO.plots.edf = function (studies, log) {
  const option = base();
  option.legend = { top: 4, left: 10, type: "scroll", right: 120 };
  option.tooltip = { trigger: "axis", confine: true, valueFormatter: v => MO.fmt(v) };
  option.xAxis = valueAxis(log, "objective value");
  option.xAxis.nameGap = 28;
  option.yAxis = { type: "value", min: 0, max: 1, name: "fraction of trials ≤ value", nameLocation: "middle", nameGap: 48 };
  option.dataZoom = zoom;
  option.series = studies.map(({ name, trials }) => {
    const values = trials.filter(finished).map(t => t.value).filter(v => !log || v > 0).sort((a, b) => a - b);
    return { name, type: "line", step: "end", showSymbol: false, data: values.map((v, i) => [v, (i + 1) / values.length]) };
  });
  return option;
};

// Best value so far of several studies against the trial number.
MO.plots.compareHistory = function (studies, log) {
  const option = base();
  option.legend = { top: 4, left: 10, type: "scroll", right: 120 };
  option.tooltip = { trigger: "axis", confine: true, valueFormatter: v => MO.fmt(v) };
  option.xAxis = { type: "value", name: "trial", nameLocation: "middle", nameGap: 28, minInterval: 1 };
  option.yAxis = valueAxis(log, "best value so far");
  option.dataZoom = zoom;
  option.series = studies.map(({ name, study, trials }) => ({ name, type: "line", step: "end", showSymbol: false,
    data: MO.plots.bestSoFar(trials, study.direction) }));
  return option;
};

// One bar per trial over wall time, in one lane per worker (owner and device); overlapping trials of one worker
// get stacked sub-lanes, so the chart shows parallelism, pruning and idle gaps.
MO.plots.timeline = function (trials, now) {
  const times = new Map(trials.map(t => [t.number, { start: MO.ms(t.datetime_start), complete: MO.ms(t.datetime_complete), heartbeat: MO.ms(t.datetime_heartbeat) }]));
  const started = trials.filter(t => times.get(t.number).start !== null).sort((a, b) => times.get(a.number).start - times.get(b.number).start);
  const lanes = [], laneEnds = new Map(), data = [];
  for (const t of started) {
    const { start, complete, heartbeat } = times.get(t.number);
    const worker = [t.owner || "unknown", t.user_attrs.device].filter(Boolean).join(" · ");
    const end = complete ?? (t.state === "Running" ? now : (heartbeat ?? start));
    const ends = laneEnds.get(worker) ?? [];
    let slot = ends.findIndex(e => e <= start);
    if (slot < 0) { slot = ends.length; ends.push(end); lanes.push(ends.length > 1 ? `${worker} #${slot + 1}` : worker); }
    else ends[slot] = end;
    laneEnds.set(worker, ends);
    const lane = slot === 0 ? worker : `${worker} #${slot + 1}`;
    data.push({ value: [lane, start, Math.max(end, start + 1)], trial: t.number, itemStyle: { color: MO.stateColors[t.state] } });
  }
  // Lanes in name order; the first lane of a worker that later needed a second is numbered like the others.
  const names = lanes.map(l => lanes.includes(`${l} #2`) ? `${l} #1` : l);
  const order = names.slice().sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  for (const d of data) d.value[0] = order.indexOf(names[lanes.indexOf(d.value[0])]);
  lanes.splice(0, lanes.length, ...order);
  const byNumber = new Map(started.map(t => [t.number, t]));
  const option = base();
  option.grid = { left: 170, right: 30, top: 30, bottom: 56 };
  option.tooltip.formatter = p => MO.trialTooltip(byNumber.get(p.data.trial),
    `${MO.time(p.value[1])} → ${MO.duration((p.value[2] - p.value[1]) / 1000)}`);
  option.xAxis = { type: "time", axisLabel: { hideOverlap: true } };
  option.yAxis = { type: "category", data: lanes, inverse: true, axisLabel: { width: 150, overflow: "truncate" } };
  option.dataZoom = zoom;
  option.legend = { top: 4, left: 10, data: Object.keys(MO.stateColors).map(s => ({ name: s, itemStyle: { color: MO.stateColors[s] } })) };
  option.series = [{ type: "custom", name: "trials", encode: { x: [1, 2], y: 0 }, data, renderItem: (params, api) => {
      const start = api.coord([api.value(1), api.value(0)]), end = api.coord([api.value(2), api.value(0)]);
      const height = api.size([0, 1])[1] * 0.7;
      return { type: "rect", shape: echarts.graphic.clipRectByRect(
        { x: start[0], y: start[1] - height / 2, width: Math.max(1, end[0] - start[0]), height },
        { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height }),
        style: api.style() };
    } }].concat(Object.keys(MO.stateColors).map(s => ({ name: s, type: "scatter", data: [], itemStyle: { color: MO.stateColors[s] } })));
  return option;
};
