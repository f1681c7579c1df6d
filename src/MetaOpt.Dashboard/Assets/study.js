// The study page: polls for new and changed trials every couple of seconds and redraws without a reload.
"use strict";
(function () {
  const name = MO.param.get("name") || "";
  const api = "/api/studies/" + encodeURIComponent(name);
  const $ = id => document.getElementById(id);
  const page = { study: null, space: {}, trials: [], log: false, pollMs: 2000, importanceAt: -1, importanceTime: 0,
    stale: false, renderedAt: -Infinity, renderMs: 0,
    table: { sort: "number", order: "desc", offset: 0 } };
  document.title = name + " · MetaOpt";
  $("title").textContent = name;

  async function loadDetail() {
    const detail = await MO.getJson(api);
    page.space = detail.space;
    renderBaselines(detail.declarations);
    const names = Object.keys(page.space);
    const fill = (select, keep, extra) => {
      const current = select.value;
      select.innerHTML = extra + names.map(n => `<option>${MO.escape(n)}</option>`).join("");
      if (keep && names.includes(current)) select.value = current;
    };
    fill($("f-param"), true, '<option value="">–</option>');
    fill($("pair-x"), true, "");
    fill($("pair-y"), true, "");
    if (!$("pair-y").dataset.chosen && names.length > 1) $("pair-y").value = names[1];
  }

  // New trials are appended, changed ones replaced; the page asks only for what it does not hold finished.
  async function poll() {
    const open = page.trials.filter(t => t.state === "Running" || t.state === "Waiting").map(t => t.number);
    const update = await MO.getJson(`${api}/updates?since=${page.trials.length}&open=${open.join(",")}`);
    page.study = update.study;
    page.now = update.now;
    let newParams = false;
    for (const t of update.trials) {
      page.trials[t.number] = t;
      if (Object.keys(t.params).some(p => !(p in page.space))) newParams = true;
    }
    if (newParams) await loadDetail();
    return update.trials.length > 0;
  }

  // The baselines the study declared, with their stored values, beside the best value of the summary.
  function renderBaselines(declarations) {
    const stored = (declarations.baselines || []).filter(b => b.value !== null);
    const text = declarations.error ? `declarations: ${declarations.error}`
      : stored.map(b => `${b.label} ${MO.fmt(b.value)} (${b.group})`).join(" · ");
    $("baselines").textContent = text ? (declarations.error ? text : `baselines: ${text}`) : "";
    $("baselines").hidden = !text;
  }

  function renderSummary() {
    const s = page.study, c = s.counts;
    const best = s.directions ? `Pareto front of ${s.front} trials (values per objective in the table)`
      : s.best ? `best ${MO.fmt(s.best.value)} (trial ${s.best.number})` : "no completed trial yet";
    $("summary").textContent = `${s.directions ? s.directions.join(", ") : s.direction} · ${s.total} trials: ${c.complete} complete, ${c.pruned} pruned, ${c.failed} failed, ${c.running} running` +
      (c.waiting ? `, ${c.waiting} waiting` : "") + ` · ${best}`;
    const canLog = MO.plots.canLog(page.trials);
    $("log").disabled = !canLog;
    if (!canLog) $("log").checked = false;
    page.log = $("log").checked;
  }

  // The configurations evaluated more than once (a confirmation), best mean first, and the baselines' runs: shown
  // only when the study has repeats, as a single run says nothing of the noise.
  function renderConfirmed() {
    const confirmed = page.study.confirmed;
    $("confirmed-card").hidden = !confirmed;
    if (!confirmed) return;
    const interval = e => e.low === null ? "–" : `${MO.fmt(e.low)} to ${MO.fmt(e.high)}`;
    const row = (name, e) => `<tr><td>${MO.escape(name)}</td><td class="num">${e.runs}</td><td class="num">${MO.fmt(e.mean)}</td><td class="num">${interval(e)}</td></tr>`;
    const baselines = Array.isArray(confirmed.baselines) ? confirmed.baselines : [];
    $("confirmed").innerHTML = "<table><tr><th>configuration</th><th>runs</th><th>mean</th><th>95% interval</th></tr>" +
      confirmed.configurations.map(c => row("#" + c.configuration, c)).join("") +
      baselines.map(b => row(`${b.label} (${b.group})`, b)).join("") + "</table>";
    // The server names the winner as 'best' does (an intensifying study's incumbent may not have the best mean).
    const winner = confirmed.winner, second = confirmed.runnerUp;
    $("confirmed-verdict").textContent = confirmed.baselines.error ? `baseline runs: ${confirmed.baselines.error}`
      : second === null ? `Winner: #${winner}, the only configuration with repeats.`
      : !confirmed.winnerHasBestMean ? `Winner: #${winner}, the incumbent (most runs); #${second} has a better mean over fewer runs (${confirmed.topTwoTest} at 5%).`
      : confirmed.topTwoToldApart ? `Winner: #${winner}, better than #${second} by ${confirmed.topTwoTest} at 5%.`
      : `Best mean: #${winner}, but it cannot be told apart from #${second} (${confirmed.topTwoTest} at 5%): more repeats are needed to choose.`;
  }

  function renderRunning() {
    const running = page.trials.filter(t => t.state === "Running");
    if (running.length === 0) { $("running").innerHTML = '<div class="empty">No trial is running.</div>'; return; }
    // Ages are measured on the server's clock, the one that stamped the trials.
    const now = page.now;
    // Step columns only where trials report steps: a study of a plain function would show dashes in them for ever.
    const steps = page.study.reportsSteps;
    $("running").innerHTML = "<table><tr><th>trial</th>" + (steps ? "<th>step</th><th>last value</th>" : "") +
      "<th>device</th><th>worker</th><th>running for</th><th>heartbeat</th><th>parameters</th></tr>" +
      running.map(t => {
        const curve = MO.curve(t), last = curve[curve.length - 1], heartbeat = MO.ms(t.datetime_heartbeat);
        return `<tr><td>${t.number}</td>` + (steps ? `<td class="num">${last ? last[0] : "–"}</td><td class="num">${MO.fmt(last ? last[1] : null)}</td>` : "") +
          `<td>${MO.escape(t.user_attrs.device ?? "–")}</td><td>${MO.escape(t.owner || "–")}</td><td>${MO.duration((now - MO.ms(t.datetime_start)) / 1000)}</td>` +
          `<td>${heartbeat ? MO.duration((now - heartbeat) / 1000) + " ago" : "–"}</td>` +
          `<td>${Object.entries(t.params).map(([k, v]) => `${MO.escape(k)}=${MO.escape(MO.fmtParam(v))}`).join(", ")}</td></tr>`;
      }).join("") + "</table>";
  }

  // A chart that does not apply to the study (yet) gives way to one line saying why, rather than showing empty.
  function applies(id, ok, why) {
    $(id).hidden = !ok;
    $(id + "-none").hidden = ok;
    $(id + "-none").textContent = ok ? "" : why;
    return ok;
  }

  function renderCharts() {
    const trials = page.trials.filter(Boolean), study = page.study, log = page.log, space = page.space;
    const names = Object.keys(space);
    MO.render($("history"), MO.plots.history(trials, study, log));
    $("intermediate-note").textContent = "";
    if (applies("intermediate", study.reportsSteps,
      "No trial has reported a step yet (an intermediate value, such as the loss after an epoch), so there are no learning curves.")) {
      const curves = MO.plots.intermediate(trials, log, 100);
      $("intermediate-note").textContent = curves.hidden > 0 ? `running trials and the last 100 finished; ${curves.hidden} older not shown` : "";
      MO.render($("intermediate"), curves.option);
    }
    MO.render($("edf"), MO.plots.edf([{ name, trials }], log));
    MO.render($("timeline"), MO.plots.timeline(trials, page.now));
    const slices = $("slices");
    for (const n of names) {
      let div = slices.querySelector(`[data-param="${CSS.escape(n)}"]`);
      if (!div) { div = document.createElement("div"); div.className = "chart"; div.dataset.param = n; slices.appendChild(div); }
      MO.render(div, MO.plots.slice(trials, space, n, log));
    }
    if (names.length === 0) slices.innerHTML = '<div class="empty">No parameters yet.</div>';
    const x = $("pair-x").value, y = $("pair-y").value;
    if (applies("pair", names.length >= 2, `A contour and a rank plot need two parameters; this study has ${names.length}.`) && x && y && x !== y) {
      MO.render($("contour"), MO.plots.contour(trials, space, study, x, y));
      MO.render($("rank"), MO.plots.rank(trials, space, study, x, y));
    }
    if (applies("parallel", names.length > 0, "No parameters yet.")) MO.render($("parallel"), MO.plots.parallel(trials, space, study, names, log));
  }

  // The trial table is paged, sorted and filtered by the server: the page holds only the rows it shows.
  async function renderTable() {
    const t = page.table, q = new URLSearchParams({ sort: t.sort, order: t.order, offset: t.offset, limit: $("f-limit").value });
    if ($("f-state").value) q.set("state", $("f-state").value);
    const param = $("f-param").value, dist = page.space[param];
    $("f-range").style.display = dist && dist.kind === "categorical" ? "none" : "";
    $("f-choice-label").style.display = dist && dist.kind === "categorical" ? "" : "none";
    if (param) {
      q.set("param", param);
      if (dist && dist.kind === "categorical") { if ($("f-choice").value) q.set("value", $("f-choice").value); }
      else {
        if ($("f-min").value !== "") q.set("min", $("f-min").value);
        if ($("f-max").value !== "") q.set("max", $("f-max").value);
      }
    }
    const result = await MO.getJson(`${api}/trials?${q}`);
    const names = Object.keys(page.space);
    // With repeats, each row names its configuration (sort by it to see a configuration's runs together) and,
    // for a repeated one, the mean over its runs.
    const confirmed = page.study.confirmed, means = new Map((confirmed ? confirmed.configurations : []).map(c => [c.configuration, c]));
    const grouped = confirmed || result.trials.some(r => r.configuration !== r.number);
    const header = [["number", "trial"], ["state", "state"], ["value", "value"]]
      .concat(grouped ? [["configuration", "configuration"], [null, "configuration mean (runs)"]] : [])
      .concat([[null, "seed"], ["duration", "duration"], [null, "started (UTC)"], [null, "device"]])
      .concat(names.map(n => ["param:" + n, n]));
    const configuration = r => r.repeat > 0 || r.configuration !== r.number ? `#${r.configuration} · repeat ${r.repeat}` : `#${r.configuration}`;
    const mean = r => means.has(r.configuration) ? `${MO.fmt(means.get(r.configuration).mean)} (${means.get(r.configuration).runs})` : "–";
    const arrow = key => key === t.sort ? (t.order === "asc" ? " ▲" : " ▼") : "";
    const rows = result.trials.map(r => `<tr><td>${r.number}</td><td><span class="state ${r.state}">${r.state}</span></td>` +
      `<td class="num">${MO.fmtValues(r)}</td>` +
      (grouped ? `<td>${configuration(r)}</td><td class="num">${mean(r)}</td>` : "") +
      `<td class="num">${r.seed ?? "–"}</td><td class="num">${MO.duration(r.duration_seconds)}</td>` +
      `<td>${MO.time(MO.ms(r.datetime_start))}</td><td>${MO.escape(r.user_attrs.device ?? "–")}</td>` +
      names.map(n => `<td class="num">${MO.escape(MO.fmtParam(r.params[n]))}</td>`).join("") + "</tr>").join("");
    $("trials").innerHTML = "<table><tr>" + header.map(([key, label]) =>
      key ? `<th class="sortable" data-sort="${MO.escape(key)}">${MO.escape(label)}${arrow(key)}</th>` : `<th>${label}</th>`).join("") + "</tr>" +
      (rows || `<tr><td colspan="${header.length}" class="empty">No trial matches.</td></tr>`) + "</table>";
    const last = Math.min(result.total, t.offset + result.limit);
    $("page").textContent = result.total === 0 ? "0 trials" : `${t.offset + 1}–${last} of ${result.total}`;
    $("prev").disabled = t.offset === 0;
    $("next").disabled = last >= result.total;
  }

  async function renderImportance() {
    const names = Object.keys(page.space);
    if (!applies("importance", names.length >= 2, names.length === 0 ? "No parameters yet."
      : `With one parameter (${names[0]}) there is nothing to rank.`)) {
      $("importance-note").textContent = "";
      return;
    }
    const complete = page.study.counts.complete;
    if (complete === page.importanceAt || Date.now() - page.importanceTime < 10000) return;
    page.importanceAt = complete;
    page.importanceTime = Date.now();
    const result = await MO.getJson(`${api}/importance`);
    $("importance-note").textContent = `${result.method}, ${result.trialsUsed} trials` + (result.note ? ` · ${result.note}` : "");
    MO.render($("importance"), MO.plots.importance(result));
  }

  async function refresh() {
    try {
      const changed = await poll();
      renderSummary();
      renderConfirmed();
      renderRunning();
      // Redrawing every chart of a large study takes a while: charts wait out three times their last redraw, so
      // the page stays responsive at any size, and catch up on the next poll.
      page.stale = page.stale || changed;
      if (page.stale && performance.now() - page.renderedAt >= 3 * page.renderMs) {
        const start = performance.now();
        renderCharts();
        page.renderedAt = performance.now();
        page.renderMs = page.renderedAt - start;
        page.stale = false;
      }
      await renderTable();
      await renderImportance();
      $("live").classList.remove("stale");
      $("updated").textContent = "updated " + new Date().toLocaleTimeString();
    } catch (error) {
      $("live").classList.add("stale");
      $("updated").textContent = "cannot reach the dashboard: " + error.message;
    }
  }

  async function loop() {
    await refresh();
    setTimeout(loop, page.pollMs);
  }

  $("trials").addEventListener("click", e => {
    const key = e.target.closest("th.sortable")?.dataset.sort;
    if (!key) return;
    page.table.order = page.table.sort === key && page.table.order === "asc" ? "desc" : "asc";
    page.table.sort = key;
    page.table.offset = 0;
    renderTable();
  });
  const refilter = () => { page.table.offset = 0; renderTable(); };
  for (const id of ["f-state", "f-min", "f-max", "f-choice", "f-limit"]) $(id).addEventListener("change", refilter);
  $("f-param").addEventListener("change", () => {
    const dist = page.space[$("f-param").value];
    $("f-choice").innerHTML = '<option value="">any</option>' + (dist && dist.labels ? dist.labels.map(c => `<option>${MO.escape(c)}</option>`).join("") : "");
    $("f-min").value = $("f-max").value = "";
    refilter();
  });
  $("prev").addEventListener("click", () => { page.table.offset = Math.max(0, page.table.offset - +$("f-limit").value); renderTable(); });
  $("next").addEventListener("click", () => { page.table.offset += +$("f-limit").value; renderTable(); });
  $("log").addEventListener("change", () => { page.log = $("log").checked; MO.charts.forEach((c, el) => { if (el.id !== "importance") MO.dispose(el); }); renderCharts(); });
  for (const id of ["pair-x", "pair-y"]) $(id).addEventListener("change", () => { $(id).dataset.chosen = "1"; renderCharts(); });

  (async function start() {
    try {
      page.pollMs = (await MO.getJson("/api/config")).pollMilliseconds;
      await loadDetail();
    } catch (error) {
      $("updated").textContent = error.message;
      $("live").classList.add("stale");
      return;
    }
    loop();
  })();
})();
