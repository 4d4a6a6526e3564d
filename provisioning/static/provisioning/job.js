// The onboarding job page: live state, steps and log (static: the CSP forbids inline script).
(function () {
  const page = document.querySelector("[data-job-page]");
  const url = page.dataset.statusUrl;
  function label(state) { return page.dataset["label" + state.charAt(0).toUpperCase() + state.slice(1)] || state; }
  const classes = {succeeded: "text-bg-success", failed: "text-bg-danger", running: "text-bg-primary", rolled_back: "text-bg-secondary", pending: "text-bg-light border"};
  function render(s) {
    const badge = document.querySelector("[data-testid=job-state] .badge");
    badge.className = "badge state-badge " + (s.interrupted ? "text-bg-warning" : classes[s.state]);
    badge.textContent = s.interrupted ? s.state_label : label(s.state);
    const bar = document.querySelector("[data-testid=job-progress]");
    bar.style.width = s.progress + "%"; bar.textContent = s.progress + "%";
    bar.classList.toggle("bg-danger", s.state === "failed");
    bar.classList.toggle("progress-bar-striped", s.state === "running");
    bar.classList.toggle("progress-bar-animated", s.state === "running");
    document.querySelectorAll("[data-step]").forEach(function (li) {
      const step = li.dataset.step, mark = li.querySelector(".step-mark");
      if (s.completed_steps.includes(step)) { mark.innerHTML = '<i class="bi bi-check-circle-fill text-success"></i>'; }
      else if (step === s.step && s.state === "failed") { mark.innerHTML = '<i class="bi bi-x-circle-fill text-danger"></i>'; }
      else if (step === s.step && s.state === "running") { mark.innerHTML = '<span class="spinner-border spinner-border-sm text-primary"></span>'; }
      else { mark.innerHTML = '<i class="bi bi-circle text-muted"></i>'; }
    });
    const err = document.querySelector("[data-testid=job-error]");
    err.hidden = !s.error; err.querySelector("pre").textContent = s.error;
    document.querySelector("[data-action=retry]").hidden = !s.can_retry;
    document.querySelector("[data-action=rollback]").hidden = !s.can_rollback;
    const body = document.querySelector("[data-testid=job-log] tbody");
    body.replaceChildren(...s.log.map(function (e) {
      const tr = document.createElement("tr");
      if (e.level === "error") tr.className = "table-danger";
      [new Date(e.at).toLocaleString("zh-CN"), e.step, e.message].forEach(function (text) {
        const td = document.createElement("td"); td.textContent = text; td.style.whiteSpace = "pre-wrap"; tr.appendChild(td);
      });
      return tr;
    }));
    return s.state === "pending" || s.state === "running";
  }
  let live = render(JSON.parse(document.getElementById("job-status").textContent));
  function poll() {
    fetch(url, {headers: {Accept: "application/json"}}).then(r => r.json()).then(function (s) {
      live = render(s); if (live) setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 3000); });
  }
  if (live) setTimeout(poll, 1000);
})();
