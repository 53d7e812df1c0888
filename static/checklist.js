// docdesk checklists: tick with a click, see others' ticks live, watch the downtime clock.
// Without this script every action still works through the forms.
(function () {
  "use strict";
  const root = document.getElementById("checklist");
  if (!root) { return; }
  const runId = root.dataset.run;
  const lang = root.dataset.lang;
  const nameInput = document.getElementById("your-name");
  document.body.classList.add("js");

  try { nameInput.value = localStorage.getItem("docdesk-name") || ""; } catch (e) { /* private mode */ }
  nameInput.addEventListener("change", function () {
    try { localStorage.setItem("docdesk-name", nameInput.value); } catch (e) { /* private mode */ }
  });

  // A step as the API sends it everywhere: in a run, after a PATCH, in a live event.
  function applyStep(state) {
    const item = document.getElementById("step-" + state.id);
    if (!item) { return; }
    item.classList.toggle("done", state.done);
    item.classList.toggle("skipped", state.skipped);
    const box = item.querySelector("input.tick");
    if (box) { box.checked = state.done; }
    const info = item.querySelector(".done-info");
    info.textContent = state.done ? "✔ " + (state.done_at || "") + (state.done_by ? " · " + state.done_by : "") : "";
    const skip = item.querySelector(".skip-info");
    skip.textContent = state.skipped ? "⤼ " + (state.skip_reason || "") : "";
  }

  function applyRun(progress, downtime) {
    const bar = document.getElementById("progress");
    bar.max = progress.total;
    bar.value = progress.done;
    document.getElementById("progress-text").textContent = progress.done + "/" + progress.total;
    const box = document.getElementById("downtime");
    box.dataset.started = downtime.started_at || "";
    box.dataset.ended = downtime.ended_at || "";
    tick();
  }

  root.querySelectorAll("input.tick").forEach(function (box) {
    box.addEventListener("change", function () {
      const body = { done: box.checked };
      if (nameInput.value.trim()) { body.by = nameInput.value.trim(); }
      fetch("/api/checklists/" + runId + "/steps/" + encodeURIComponent(box.dataset.step) + "?lang=" + lang, {
        method: "PATCH",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body)
      }).then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.json();
      }).then(applyStep).catch(function () { box.checked = !box.checked; });
    });
  });

  // Resynchronise from the server: on every (re)connection of the live
  // stream, so nothing ticked while disconnected is missed.
  function resync() {
    fetch("/api/checklists/" + runId + "?lang=" + lang)
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (run) {
        if (!run) { return; }
        run.steps.forEach(applyStep);
        applyRun(run.progress, run.downtime);
      })
      .catch(function () { /* offline: the next reconnection tries again */ });
  }

  // Live updates from everyone on this run.
  const source = new EventSource("/api/checklists/" + runId + "/events");
  source.addEventListener("open", resync);
  source.addEventListener("step", function (message) {
    const event = JSON.parse(message.data);
    applyStep(event.step);
    applyRun(event.progress, event.downtime);
  });

  // The downtime clock.
  const clock = document.getElementById("downtime-clock");
  function tick() {
    const box = document.getElementById("downtime");
    const started = box.dataset.started ? Date.parse(box.dataset.started) : NaN;
    if (isNaN(started)) { clock.textContent = ""; return; }
    const end = box.dataset.ended ? Date.parse(box.dataset.ended) : Date.now();
    const seconds = Math.max(0, Math.floor((end - started) / 1000));
    const pad = function (n) { return String(n).padStart(2, "0"); };
    clock.textContent = pad(Math.floor(seconds / 3600)) + ":" + pad(Math.floor(seconds / 60) % 60) + ":" + pad(seconds % 60);
  }
  tick();
  setInterval(tick, 1000);
})();
