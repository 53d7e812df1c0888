// docdesk: the new-checklist form checks in the browser what the server will
// check, from what the template declares (patterns, refusal messages, forbid
// rules), so a mistake is shown at its field before anything is sent. The
// server checks everything again; without this script its answer shows the
// same errors at the same fields.
(function () {
  "use strict";
  const form = document.querySelector("form.checklist-new");
  if (!form) { return; }

  // ---- Texts and lists: the declared pattern, reject and message ----------

  // Patterns are written for the server's regular expressions; the few a
  // browser cannot read are left to the server.
  function regex(source) {
    if (!source) { return null; }
    try { return new RegExp(source, "u"); } catch (e) { return undefined; }
  }

  function items(input) {
    const value = input.value.trim();
    if (!input.hasAttribute("data-list")) { return value ? [value] : []; }
    // Split as the server does: commas, semicolons or spaces.
    return value.split(/[,;\s]+/u).filter(function (item) { return item; });
  }

  function valid(input) {
    const pattern = regex(input.dataset.pattern);
    const reject = regex(input.dataset.reject);
    if (pattern === undefined || reject === undefined) { return true; }
    const max = Number(input.getAttribute("maxlength")) || Infinity;
    return items(input).every(function (item) {
      return item.length <= max && (!pattern || pattern.test(item)) && !(reject && reject.test(item));
    });
  }

  function describedBy(input, errorId, on) {
    const ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      return id && id !== errorId;
    });
    if (on) { ids.unshift(errorId); }
    if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); }
    else { input.removeAttribute("aria-describedby"); }
  }

  // Shows or clears the error of one field, as the server's page does:
  // the message above the field, aria-invalid, aria-describedby.
  function mark(input, message) {
    const errorId = input.id + "-error";
    let error = document.getElementById(errorId);
    if (message) {
      if (!error) {
        error = document.createElement("p");
        error.id = errorId;
        error.className = "field-error";
        input.before(error);
      }
      error.textContent = message;
      input.setAttribute("aria-invalid", "true");
    } else {
      if (error) { error.remove(); }
      input.removeAttribute("aria-invalid");
    }
    describedBy(input, errorId, Boolean(message));
  }

  const checked = Array.prototype.slice.call(form.querySelectorAll("input[data-invalid]"));

  function check(input) {
    const ok = valid(input);
    mark(input, ok ? "" : input.dataset.invalid);
    return ok;
  }

  // Checked when the form is sent, not when a field is left: an error
  // appearing then would push the button away from under the pointer.
  checked.forEach(function (input) {
    // Once shown, an error goes away as soon as the value is right.
    input.addEventListener("input", function () {
      if (input.getAttribute("aria-invalid") === "true" && valid(input)) { mark(input, ""); }
    });
  });

  form.addEventListener("submit", function (e) {
    const refused = checked.filter(function (input) { return !check(input); });
    if (refused.length) {
      e.preventDefault();
      refused[0].focus();
    }
  });

  // ---- Choices: combinations the template forbids are not offered --------

  let rules = [];
  try { rules = JSON.parse(form.dataset.rules || "[]"); } catch (e) { rules = []; }

  function value(name) {
    const field = form.elements[name];
    return field ? field.value : "";
  }

  function applyRules() {
    const forbidden = {};
    rules.forEach(function (rule) {
      const holds = Object.keys(rule.when).every(function (name) {
        return rule.when[name].indexOf(value(name)) >= 0;
      });
      if (holds) { forbidden[rule.field] = (forbidden[rule.field] || []).concat(rule.values); }
    });
    rules.forEach(function (rule) {
      const off = forbidden[rule.field] || [];
      form.querySelectorAll("[name='" + rule.field + "'] option, input[name='" + rule.field + "']").forEach(function (option) {
        const out = off.indexOf(option.value) >= 0;
        option.disabled = out;
        if (option.tagName === "OPTION") { option.hidden = out; }
      });
      const field = form.elements[rule.field];
      // A choice that just became impossible falls back to "left out".
      if (field && field.tagName === "SELECT" && off.indexOf(field.value) >= 0) { field.value = ""; }
    });
  }

  if (rules.length) {
    form.addEventListener("change", applyRules);
    applyRules();
  }
})();
