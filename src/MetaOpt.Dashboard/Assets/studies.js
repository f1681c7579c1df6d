// The studies page: every study of the storage with its counts and best value, refreshed while studies run.
"use strict";
(function () {
  const $ = id => document.getElementById(id);
  const chosen = new Set();

  function render(studies) {
    if (studies.length === 0) { $("studies").innerHTML = '<div class="empty">This storage has no studies yet.</div>'; return; }
    $("studies").innerHTML = "<table><tr><th></th><th>study</th><th>direction</th><th>trials</th><th>complete</th><th>pruned</th>" +
      "<th>failed</th><th>running</th><th>best value</th><th>best trial</th><th>created (UTC)</th></tr>" +
      studies.map(s => `<tr><td><input type="checkbox" data-study="${MO.escape(s.name)}"${chosen.has(s.name) ? " checked" : ""}></td>` +
        `<td><a href="/study?name=${encodeURIComponent(s.name)}">${MO.escape(s.name)}</a></td><td>${s.direction}</td>` +
        `<td class="num">${s.total}</td><td class="num">${s.counts.complete}</td><td class="num">${s.counts.pruned}</td>` +
        `<td class="num">${s.counts.failed}</td><td class="num">${s.counts.running}</td>` +
        `<td class="num">${s.directions ? `front of ${s.front}` : MO.fmt(s.best ? s.best.value : null)}</td><td class="num">${s.best ? s.best.number : "–"}</td>` +
        `<td>${MO.time(s.created)}</td></tr>`).join("") + "</table>";
  }

  async function loop(pollMs) {
    try {
      render(await MO.getJson("/api/studies"));
      $("live").classList.remove("stale");
      $("updated").textContent = "updated " + new Date().toLocaleTimeString();
    } catch (error) {
      $("live").classList.add("stale");
      $("updated").textContent = "cannot reach the dashboard: " + error.message;
    }
    setTimeout(() => loop(pollMs), pollMs);
  }

  $("studies").addEventListener("change", e => {
    const study = e.target.dataset.study;
    if (study === undefined) return;
    if (e.target.checked) chosen.add(study); else chosen.delete(study);
    $("compare").disabled = chosen.size < 2;
  });
  $("compare").addEventListener("click", () => {
    location.href = "/compare?" + new URLSearchParams({ names: [...chosen].join("\n") });
  });
  MO.getJson("/api/config").then(c => loop(c.pollMilliseconds), () => loop(2000));
})();
