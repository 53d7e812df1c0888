// Shows every <time datetime> in the reader's language and time zone; the
// server's UTC text stays for readers without JavaScript. Pages that add
// times later call docdeskLocalTimes(element).
(function () {
  "use strict";
  const format = new Intl.DateTimeFormat(document.documentElement.lang || "en", { dateStyle: "short", timeStyle: "short" });
  window.docdeskLocalTimes = function (scope) {
    scope.querySelectorAll("time[datetime]").forEach(function (t) {
      const at = new Date(t.getAttribute("datetime"));
      if (!isNaN(at)) { t.textContent = format.format(at); t.title = t.getAttribute("datetime"); }
    });
  };
  window.docdeskLocalTimes(document);
})();
