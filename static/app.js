// docdesk: progressive enhancement. Every page works without this script.
(function () {
  "use strict";
  const body = document.body;
  const lang = body.dataset.lang || "en";

  // Copy buttons on code blocks (commands are copied verbatim).
  document.querySelectorAll("pre > code").forEach(function (code) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = body.dataset.copy || "Copy";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(code.textContent).then(function () {
        button.textContent = body.dataset.copied || "Copied";
        setTimeout(function () { button.textContent = body.dataset.copy || "Copy"; }, 1500);
      });
    });
    code.parentElement.appendChild(button);
  });

  // Language switches keep the section the reader is on.
  document.querySelectorAll("a.lang-switch, a.lang-alt").forEach(function (link) {
    link.addEventListener("click", function () {
      if (location.hash && link.pathname.indexOf("/docs/") === 0) { link.hash = location.hash; }
    });
  });

  // The Ask box answers in place with the answer view of /ask itself, asked
  // with the same form fields, so the home page shows what /ask shows.
  // Without JavaScript (or when /ask refuses the question) the form posts.
  const askForm = document.querySelector("form.ask");
  const answerBox = document.getElementById("answer");
  if (askForm && answerBox) {
    askForm.addEventListener("submit", function (e) {
      if (!askForm.elements.question.value.trim()) { return; }
      e.preventDefault();
      const query = new URLSearchParams(new FormData(askForm)).toString();
      fetch("/ask?" + query)
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          const page = new DOMParser().parseFromString(html, "text/html");
          const view = page.querySelector("section.answer");
          if (!view) { return Promise.reject("no answer"); }
          answerBox.replaceChildren.apply(answerBox, Array.prototype.slice.call(view.childNodes));
          answerBox.lang = page.documentElement.lang;
          answerBox.hidden = false;
        })
        .catch(function () { askForm.submit(); });
    });
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // Results as you type: the WAI-ARIA combobox pattern (focus stays in the
  // input; aria-activedescendant names the highlighted option). Debounced and
  // cancellable; without JavaScript the form goes to /search.
  const input = document.getElementById("q");
  const list = document.getElementById("live-results");
  if (!input || !list) { return; }
  let timer = null;
  let controller = null;
  let active = -1;

  function options() { return Array.prototype.slice.call(list.querySelectorAll("[role=option]")); }

  function select(index) {
    const all = options();
    active = all.length ? (index + all.length) % all.length : -1;
    all.forEach(function (li, i) { li.setAttribute("aria-selected", i === active ? "true" : "false"); });
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function setOpen(open) {
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) { input.removeAttribute("aria-activedescendant"); active = -1; }
  }

  function close() { setOpen(false); list.replaceChildren(); }

  function allResultsUrl(q) { return "/search?lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(q); }

  function option(id, url, className) {
    const li = document.createElement("li");
    li.id = id;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.className = className || "";
    li.dataset.url = url;
    li.addEventListener("mousedown", function (e) { e.preventDefault(); location.href = url; });
    return li;
  }

  function render(data, q) {
    list.replaceChildren();
    data.hits.forEach(function (hit, i) {
      const li = option("live-result-" + i, hit.url);
      const heading = element("div", "heading", hit.heading + (hit.lang !== data.lang ? " [" + hit.lang + "]" : ""));
      const snippet = element("div", "snippet");
      // The server escapes the snippet and adds only <mark> tags.
      snippet.innerHTML = hit.snippet;
      li.append(heading, snippet);
      list.appendChild(li);
    });
    if (!data.hits.length) {
      // Not an option: nothing to choose, but said when the list opens.
      const empty = element("li", "empty", list.dataset.noResults || "No results");
      empty.setAttribute("role", "presentation");
      list.appendChild(empty);
    }
    const all = option("live-result-all", allResultsUrl(q), "see-all");
    all.textContent = (list.dataset.seeAll || "See all results") + " \u201c" + q + "\u201d";
    list.appendChild(all);
    setOpen(true);
    active = -1;
  }

  function search() {
    const q = input.value;
    if (!q.trim()) { close(); return; }
    if (controller) { controller.abort(); }
    controller = new AbortController();
    const url = "/api/search?limit=8&lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(q);
    fetch(url, { signal: controller.signal })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && input.value === q) { render(data, q); } })
      .catch(function () { /* aborted or offline: the form still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" && list.hidden && input.value.trim()) { e.preventDefault(); search(); return; }
    if (list.hidden) { return; }
    if (e.key === "ArrowDown") { e.preventDefault(); select(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); select(active - 1); }
    else if (e.key === "Escape") { e.preventDefault(); close(); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); location.href = options()[active].dataset.url; }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
