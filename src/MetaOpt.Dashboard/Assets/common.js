// Helpers every dashboard page uses: JSON fetches, formatting, and the trial tooltip.
"use strict";
const MO = window.MO = {};

// Keyed by the trial states as the API writes them (MetaOpt's trial JSON, docs/launcher.md).
MO.stateColors = { Complete: "#2f6fde", Pruned: "#e8a33d", Failed: "#d64545", Running: "#2e9e5b", Waiting: "#9aa3af" };

MO.getJson = async function (path) {
  const response = await fetch(path, { cache: "no-store" });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
};

MO.escape = function (text) {
  return String(text ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
};

// Values read as the launcher and the reports write them (ValueText in the engine): a number to `digits` significant
// digits as .NET's "G" format writes it (0.912346, 1.5E+07, 1E-05), booleans and text as in the JSON.
MO.fmt = function (value, digits = 6) {
  if (value === null || value === undefined) return "–";
  if (typeof value !== "number" || !Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const [mantissa, exponent] = value.toExponential(digits - 1).split("e");
  const e = +exponent;
  if (e > -5 && e < digits) return String(+value.toPrecision(digits));
  return mantissa.replace(/\.?0+$/, "") + "E" + (e < 0 ? "-" : "+") + String(Math.abs(e)).padStart(2, "0");
};

// A parameter value (ValueText.Parameter): whole numbers in full, as an int's, others to four significant digits;
// axis ticks use MO.fmt(v, 4).
MO.fmtParam = value => Number.isSafeInteger(value) ? String(value) : MO.fmt(value, 4);

// A duration in seconds in words, to the unit that matters (ValueText.Duration): 12.5 ms, 4.2 s, 3 min 07 s, 26 h 05 min.
MO.duration = function (seconds) {
  if (seconds === null || seconds === undefined || !(seconds >= 0)) return "–";
  const two = n => String(Math.floor(n)).padStart(2, "0");
  if (seconds < 1) return String(+(seconds * 1000).toFixed(1)) + " ms";
  if (seconds < 60) return seconds.toFixed(1) + " s";
  if (seconds < 3600) return Math.floor(seconds / 60) + " min " + two(seconds % 60) + " s";
  return Math.floor(seconds / 3600) + " h " + two((seconds % 3600) / 60) + " min";
};

MO.time = ms => ms ? new Date(ms).toISOString().replace("T", " ").slice(0, 19) : "–";

// A trial's ISO 8601 time as epoch milliseconds, null when it has none.
MO.ms = iso => iso ? Date.parse(iso) : null;

// A trial's value, or a multi-objective trial's values separated by commas.
MO.fmtValues = trial => Array.isArray(trial.values) ? trial.values.map(v => MO.fmt(v)).join(", ") : MO.fmt(trial.value);

// A value as the charts plot it: NaN and infinities, which the JSON writes as text, are left out.
MO.plotted = value => typeof value === "number" ? value : null;

// A trial's intermediate values as [step, value] pairs in step order.
MO.curve = trial => Object.entries(trial.intermediate_values).map(([step, value]) => [+step, MO.plotted(value)]);

MO.param = new URLSearchParams(location.search);

// What hovering any point of a trial shows: its number, state, value and parameters.
MO.trialTooltip = function (trial, extra) {
  const lines = [`<b>trial ${trial.number}</b> <span class="state ${trial.state}">${trial.state}</span>`,
    `${Array.isArray(trial.values) ? "values" : "value"}: <b>${MO.fmtValues(trial)}</b>`];
  if (extra) lines.push(extra);
  for (const [name, value] of Object.entries(trial.params)) lines.push(`${MO.escape(name)}: ${MO.escape(MO.fmtParam(value))}`);
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
