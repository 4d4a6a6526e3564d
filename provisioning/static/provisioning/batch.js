// The bulk onboarding page: live counts and jobs (static: the CSP forbids inline script).
(function () {
  const page = document.querySelector("[data-batch-page]");
  const url = page.dataset.statusUrl;
  const jobUrl = page.dataset.jobUrl;
  function text(prefix, key) { return page.dataset[prefix + key.charAt(0).toUpperCase() + key.slice(1)]; }
  function labelOf(state) { return text("label", state) || state; }
  const classes = {succeeded: "text-bg-success", failed: "text-bg-danger", running: "text-bg-primary", rolled_back: "text-bg-secondary", pending: "text-bg-light border"};
  function badge(state) { const b = document.createElement("span"); b.className = "badge " + classes[state]; b.textContent = labelOf(state); return b; }
  function render(s) {
    const c = s.counts;
    document.querySelector("[data-testid=batch-counts]").textContent =
      text("label", "total") + " " + c.total + " · " + labelOf("succeeded") + " " + c.succeeded + " · " + labelOf("failed") + " " + c.failed +
      " · " + labelOf("running") + " " + c.running + " · " + labelOf("pending") + " " + c.pending;
    document.querySelector("[data-testid=batch-state]").replaceChildren(badge(s.state));
    const bar = document.querySelector("[data-testid=batch-progress]");
    bar.style.width = s.percent + "%"; bar.textContent = s.percent + "%";
    bar.classList.toggle("bg-success", s.state === "succeeded");
    bar.classList.toggle("bg-danger", s.state === "failed");
    document.querySelector("[data-testid=batch-jobs] tbody").replaceChildren(...s.jobs.map(function (j) {
      const tr = document.createElement("tr");
      const code = document.createElement("td"); const a = document.createElement("a");
      a.href = jobUrl.replace("/0/", "/" + j.id + "/"); a.textContent = j.region_code; code.appendChild(a);
      const name = document.createElement("td"); name.textContent = j.name;
      const level = document.createElement("td"); level.textContent = text("level", j.level) || j.level;
      const state = document.createElement("td"); state.appendChild(badge(j.state));
      const prog = document.createElement("td");
      prog.innerHTML = '<div class="progress" style="height: .75rem"><div class="progress-bar' + (j.state === "failed" ? " bg-danger" : "") + '" style="width:' + j.progress + '%"></div></div>';
      const err = document.createElement("td"); err.className = "small text-danger"; err.textContent = j.error;
      tr.append(code, name, level, state, prog, err);
      return tr;
    }));
    return s.state === "pending" || s.state === "running";
  }
  function poll() {
    fetch(url, {headers: {Accept: "application/json"}}).then(r => r.json()).then(function (s) {
      if (render(s)) setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 3000); });
  }
  if (render(JSON.parse(document.getElementById("batch-status").textContent))) setTimeout(poll, 1000);
})();
