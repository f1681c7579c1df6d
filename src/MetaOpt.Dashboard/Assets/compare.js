// The compare page: the histories of several studies on one chart, each kept up to date by incremental polls.
"use strict";
(function () {
  const $ = id => document.getElementById(id);
  const names = (MO.param.get("names") || "").split("\n").filter(Boolean);
  const studies = names.map(name => ({ name, study: null, trials: [] }));

  async function poll(entry) {
    const open = entry.trials.filter(t => t.state === "Running" || t.state === "Waiting").map(t => t.number);
    const update = await MO.getJson(`/api/studies/${encodeURIComponent(entry.name)}/updates?since=${entry.trials.length}&open=${open.join(",")}`);
    entry.study = update.study;
    for (const t of update.trials) entry.trials[t.number] = t;
    return update.trials.length > 0;
  }

  function render() {
    const all = studies.map(s => ({ name: s.name, study: s.study, trials: s.trials.filter(Boolean) }));
    const canLog = all.every(s => MO.plots.canLog(s.trials));
    $("log").disabled = !canLog;
    if (!canLog) $("log").checked = false;
    $("summary").textContent = all.map(s => `${s.name}: ${s.study.total} trials, best ${MO.fmt(s.study.best ? s.study.best.value : null)}`).join(" · ");
    MO.render($("history"), MO.plots.compareHistory(all, $("log").checked));
    MO.render($("edf"), MO.plots.edf(all, $("log").checked));
  }

  async function loop(pollMs) {
    try {
      const changed = (await Promise.all(studies.map(poll))).some(Boolean);
      if (changed) render();
      $("live").classList.remove("stale");
      $("updated").textContent = "updated " + new Date().toLocaleTimeString();
    } catch (error) {
      $("live").classList.add("stale");
      $("updated").textContent = error.message;
    }
    setTimeout(() => loop(pollMs), pollMs);
  }

  $("log").addEventListener("change", () => { MO.charts.forEach((c, el) => MO.dispose(el)); render(); });
  if (names.length === 0) { $("updated").textContent = "no studies chosen: tick them on the studies page"; return; }
  MO.getJson("/api/config").then(c => loop(c.pollMilliseconds), () => loop(2000));
})();
