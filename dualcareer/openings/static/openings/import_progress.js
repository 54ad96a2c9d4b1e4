// Updates an import's progress page without reloading it; the page reloads
// itself (meta refresh) when scripts are off. At the end, the page is loaded
// once more to show the per-item report.
(function () {
  "use strict";
  var section = document.getElementById("import-progress");
  if (!section || section.dataset.finished === "1") {
    return;
  }
  var refresh = document.querySelector('meta[http-equiv="refresh"]');
  if (refresh) {
    refresh.parentNode.removeChild(refresh);
  }
  function show(name, value) {
    var node = section.querySelector('[data-field="' + name + '"]');
    if (node && value !== null && value !== undefined) {
      node.textContent = String(value);
    }
  }
  function poll() {
    fetch(section.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (status) {
        ["done", "total", "created", "updated", "skipped", "errors"].forEach(function (name) {
          show(name, status[name]);
        });
        var bar = section.querySelector('[data-field="progress"]');
        if (bar && status.total) {
          bar.max = status.total;
          bar.value = status.done;
        }
        if (status.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 10000);
      });
  }
  window.setTimeout(poll, 1000);
})();
