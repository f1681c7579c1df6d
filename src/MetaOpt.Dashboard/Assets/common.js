// Helpers every dashboard page uses: JSON fetches, formatting, and the trial tooltip.
"use strict";
const MO = window.MO = {};

MO.stateColors = { complete: "#2f6fde", pruned: "#e8a33d", failed: "#d64545", running: "#2e9e5b", waiting: "#9aa3af" };

MO.getJson = async function (path) {
  const response = await fetch(path, { cache: "no-store" });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
};

MO.escape = function (text) {
  return String(text ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
};

MO.fmt = function (value) {
  if (value === null || value === undefined) return "–";
  if (typeof value !== "number") return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e5) ? value.toExponential(3).replace(/\.?0+e/, "e") : String(+value.toPrecision(5));
};

MO.duration = function (ms) {
  if (ms === null || ms === undefined || ms < 0) return "–";
  const s = ms / 1000;
  if (s < 60) return s.toFixed(1) + " s";
  if (s < 3600) return Math.floor(s / 60) + " min " + Math.round(s % 60) + " s";
  return Math.floor(s / 3600) + " h " + Math.round((s % 3600) / 60) + " min";
};

MO.time = ms => ms ? new Date(ms).toISOString().replace("T", " ").slice(0, 19) : "–";

MO.param = new URLSearchParams(location.search);

// What hovering any point of a trial shows: its number, state, value and parameters.
MO.trialTooltip = function (trial, extra) {
  const lines = [`<b>trial ${trial.number}</b> <span class="state ${trial.state}">${trial.state}</span>`,
    `value: <b>${MO.fmt(trial.value)}</b>`];
  if (extra) lines.push(extra);
  for (const [name, value] of Object.entries(trial.params)) lines.push(`${MO.escape(name)}: ${MO.escape(MO.fmt(value))}`);
  return lines.join("<br>");
};

// Charts that resize with the window; one registry per page.
MO.charts = new Map();
MO.chart = function (element) {
  let chart = MO.charts.get(element);
  if (!chart) {
    chart = echarts.init(element, null, { renderer: "canvas" });
    MO.charts.set(element, chart);
  }
  return chart;
};
window.addEventListener("resize", () => MO.charts.forEach(c => c.resize()));

// Sets a chart's option while keeping the user's zoom: data and axes change, the zoom window does not.
MO.render = function (element, option) {
  const fresh = !MO.charts.has(element);
  const chart = MO.chart(element);
  if (!fresh) delete option.dataZoom;
  chart.setOption(option, fresh ? true : { replaceMerge: ["series", "visualMap"] });
  return chart;
};

MO.dispose = function (element) {
  const chart = MO.charts.get(element);
  if (chart) { chart.dispose(); MO.charts.delete(element); }
};
