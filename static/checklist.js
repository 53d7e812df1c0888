// docdesk run page as a maintenance console: every action (tick, untick, skip,
// note) saved in place with the person's name, announced to screen readers and
// seen live in every open window; a save that fails is shown and retried,
// never silently undone. Without this script every action is a form post.
(function () {
  "use strict";
  const root = document.getElementById("checklist");
  if (!root) { return; }
  const runId = root.dataset.run;
  const lang = root.dataset.lang;
  const s = root.dataset;
  const nameInput = document.getElementById("your-name");
  const announcer = document.getElementById("announcer");
  const saveState = document.getElementById("save-state");
  const clockFormat = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit" });
  document.body.classList.add("js");

  // No name field when the server records changes under the reader's
  // sign-in or token: then it names whoever made each change itself.
  if (nameInput) {
    try { nameInput.value = localStorage.getItem("docdesk-name") || ""; } catch (e) { /* private mode */ }
    nameInput.addEventListener("change", function () {
      try { localStorage.setItem("docdesk-name", nameInput.value.trim()); } catch (e) { /* private mode */ }
    });
  }

  // Times: the ISO value stays in datetime for machines; people read local time (times.js).
  const localTimes = window.docdeskLocalTimes || function () {};

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  // "✔ Done <time> by <actor>": the same structure the server renders.
  function fillLine(item, prefix, at, by, tail) {
    item.replaceChildren(prefix);
    if (at) {
      const t = el("time");
      t.setAttribute("datetime", at);
      item.append(" ", t);
    }
    if (by) { item.append(" " + s.by + " ", el("span", "actor", by)); }
    if (tail) { item.append(": ", tail); }
    localTimes(item);
  }

  const known = {};

  // Applies a step's state from the server; returns whether anything changed.
  function applyStep(step) {
    const item = document.getElementById("step-" + step.id);
    if (!item || pending[step.id]) { return false; }
    const key = JSON.stringify(step);
    if (known[step.id] === key) { return false; }
    const first = known[step.id] === undefined;
    known[step.id] = key;
    item.classList.toggle("done", step.done);
    item.classList.toggle("skipped", step.skipped);
    item.querySelector("input.tick").checked = step.done;
    const done = item.querySelector(".done-info");
    done.hidden = !step.done;
    fillLine(done, "✔ " + s.doneLabel, step.done_at, step.done_by);
    const skip = item.querySelector(".skip-info");
    skip.hidden = !step.skipped;
    fillLine(skip, "⤼ " + s.skippedLabel, step.skipped_at, step.skipped_by, el("span", "reason", step.skip_reason || ""));
    const note = item.querySelector(".note-info");
    note.hidden = !step.note;
    fillLine(note, "✎ " + s.noteLabel, step.note_at, step.note_by, el("span", "note-text", step.note || ""));
    const textarea = item.querySelector("textarea[name=note]");
    if (document.activeElement !== textarea) { textarea.value = step.note || ""; }
    item.querySelector(".skip-controls").hidden = step.skipped;
    item.querySelector("button.unskip").hidden = !step.skipped;
    return !first;
  }

  function applyRun(progress, downtime) {
    const bar = document.getElementById("progress");
    bar.max = progress.total;
    bar.value = progress.done + progress.skipped;
    document.getElementById("progress-text").textContent = progress.done + "/" + progress.total +
      (progress.skipped ? " (+" + progress.skipped + " " + s.skippedLabel.toLowerCase() + ")" : "");
    const box = document.getElementById("downtime");
    box.dataset.started = downtime.started_at || "";
    box.dataset.ended = downtime.ended_at || "";
    showDowntime();
    showCurrent();
  }

  function title(stepId) {
    const item = document.getElementById("step-" + stepId);
    return item ? item.querySelector(".step-title").textContent : stepId;
  }

  function announce(template, stepId, by) {
    announcer.textContent = template.replace("{step}", title(stepId)) + (by ? " — " + by : "");
  }

  // What a saved or received change says, for screen readers.
  function describe(step) {
    if (step.skipped) { return [s.announceSkipped, step.skipped_by]; }
    if (step.done) { return [s.announceDone, step.done_by]; }
    return [s.announceUndone, null];
  }

  // The current step: the first neither done nor skipped.
  function showCurrent() {
    const next = root.querySelector(".step:not(.done):not(.skipped)");
    const link = document.getElementById("current-step");
    if (next) {
      link.href = "#" + next.id;
      link.textContent = next.querySelector(".step-title").textContent;
    } else {
      link.removeAttribute("href");
      link.textContent = s.noneLeft;
    }
    document.getElementById("completed").hidden = !!next;
    root.classList.toggle("completed", !next);
  }

  // ---- Saving: one request at a time per step, retried until it lands. ----
  const pending = {};

  function showSaveState() {
    const failing = Object.keys(pending).filter(function (id) { return pending[id].failed; });
    saveState.textContent = failing.length ? s.saveFailed : "";
    saveState.classList.toggle("failing", failing.length > 0);
  }

  function stepError(stepId, message) {
    const box = document.getElementById("error-" + stepId);
    box.textContent = message || "";
    document.getElementById("step-" + stepId).classList.toggle("unsaved", !!message);
  }

  function save(stepId, body, what) {
    if (nameInput && nameInput.value.trim()) { body.by = nameInput.value.trim(); }
    const job = pending[stepId] = { body: body, what: what, failed: false, attempt: 0 };
    stepError(stepId, "");
    send(stepId, job);
  }

  function send(stepId, job) {
    fetch("/api/checklists/" + runId + "/steps/" + encodeURIComponent(stepId) + "?lang=" + lang, {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(job.body)
    }).then(function (r) {
      if (pending[stepId] !== job) { return; }
      if (r.status >= 400 && r.status < 500) {
        // Refused (not a network fault): say why and show the stored state again.
        return r.json().then(function (e) {
          delete pending[stepId];
          stepError(stepId, s.saveRefused + " " + ((e.error && e.error.message) || r.status));
          delete known[stepId];
          resync();
          showSaveState();
        });
      }
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json().then(function (step) {
        delete pending[stepId];
        stepError(stepId, "");
        applyStep(step);
        const said = job.what === "note" ? [s.announceNote, step.note_by] : describe(step);
        announce(said[0], stepId, said[1]);
        showSaveState();
        resync();
      });
    }).catch(function () {
      if (pending[stepId] !== job) { return; }
      job.failed = true;
      job.attempt += 1;
      stepError(stepId, s.saveFailed);
      showSaveState();
      setTimeout(function () { if (pending[stepId] === job) { send(stepId, job); } }, Math.min(1000 * job.attempt, 5000));
    });
  }

  root.querySelectorAll("input.tick").forEach(function (box) {
    box.addEventListener("change", function () {
      const item = document.getElementById("step-" + box.dataset.step);
      item.classList.toggle("done", box.checked);
      if (box.checked) { item.classList.remove("skipped"); }
      showCurrent();
      save(box.dataset.step, { done: box.checked }, "tick");
    });
  });

  // The forms' buttons (note, skip, unskip) save in place too.
  root.querySelectorAll("form.step-form").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      const action = e.submitter ? e.submitter.value : "note";
      const stepId = form.closest(".step").dataset.step;
      const reason = form.elements.reason;
      if (action === "done" || action === "undo") { return; }
      e.preventDefault();
      if (action === "skip") {
        if (!reason.value.trim()) {
          // Checked before sending, and said where the person is.
          stepError(stepId, s.reasonRequired);
          reason.setAttribute("aria-invalid", "true");
          reason.setAttribute("aria-describedby", "error-" + stepId);
          reason.focus();
          return;
        }
        reason.removeAttribute("aria-invalid");
        save(stepId, { skipped: true, reason: reason.value.trim() }, "skip");
      } else if (action === "unskip") {
        save(stepId, { skipped: false }, "unskip");
      } else {
        save(stepId, { note: form.elements.note.value }, "note");
      }
    });
  });

  // Resynchronise from the server: on every (re)connection of the live
  // stream, so nothing changed while disconnected is missed.
  // The run's revision shown (each change increments it): an event that
  // skips one means a change was missed, so the run is reloaded.
  let revision = null;
  function resync() {
    fetch("/api/checklists/" + runId + "?lang=" + lang)
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (run) {
        if (!run) { return; }
        run.steps.forEach(applyStep);
        applyRun(run.progress, run.downtime);
        revision = run.revision;
      })
      .catch(function () { /* offline: the next reconnection tries again */ });
  }

  // Live updates from everyone on this run. The browser reconnects a stream
  // that broke by itself, but gives up on one the server refused (too many
  // live views open: 429/503): then this page tries again a little later.
  function listen() {
    const source = new EventSource("/api/checklists/" + runId + "/events");
    source.addEventListener("open", resync);
    // The server lost track (this stream lagged, or another server's changes
    // may not have been heard): reload.
    source.addEventListener("resync", resync);
    source.addEventListener("step", onStep);
    source.addEventListener("error", function () {
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(listen, 10000 + Math.random() * 5000);
      }
    });
  }
  function onStep(message) {
    const event = JSON.parse(message.data);
    if (revision !== null && event.revision > revision + 1) {
      resync();
    } else if (revision === null || event.revision > revision) {
      revision = event.revision;
    }
    const before = known[event.step.id] ? JSON.parse(known[event.step.id]) : null;
    if (applyStep(event.step)) {
      const noteChanged = before && before.note !== event.step.note &&
        before.done === event.step.done && before.skipped === event.step.skipped;
      const said = noteChanged ? [s.announceNote, event.step.note_by] : describe(event.step);
      announce(said[0], event.step.id, said[1]);
    }
    applyRun(event.progress, event.downtime);
  }
  listen();

  // The downtime label: not started / running since hh:mm (with a clock) / lasted hh:mm:ss.
  const clock = document.getElementById("downtime-clock");
  function hms(ms) {
    const seconds = Math.max(0, Math.floor(ms / 1000));
    const pad = function (n) { return String(n).padStart(2, "0"); };
    return pad(Math.floor(seconds / 3600)) + ":" + pad(Math.floor(seconds / 60) % 60) + ":" + pad(seconds % 60);
  }
  function showDowntime() {
    const box = document.getElementById("downtime");
    const started = box.dataset.started ? Date.parse(box.dataset.started) : NaN;
    const ended = box.dataset.ended ? Date.parse(box.dataset.ended) : NaN;
    box.classList.toggle("running", !isNaN(started) && isNaN(ended));
    if (isNaN(started)) {
      box.textContent = s.notStarted;
      clock.textContent = "";
    } else if (isNaN(ended)) {
      box.textContent = s.running.replace("{time}", clockFormat.format(new Date(started)));
      clock.textContent = hms(Date.now() - started);
    } else {
      box.textContent = s.lasted.replace("{duration}", hms(ended - started));
      clock.textContent = "";
    }
  }

  showDowntime();
  setInterval(showDowntime, 1000);
})();
