// Live counts on the logistics board: the figures refresh every 10 seconds from the JSON view.
(function () {
  var box = document.querySelector("[data-testid=counts]");
  if (!box) return;
  function refresh() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (counts) {
        if (!counts) return;
        box.querySelectorAll("[data-count]").forEach(function (node) {
          var value = counts[node.dataset.count];
          if (value !== undefined) node.textContent = value;
        });
        box.dataset.refreshed = String(Date.now());
      })
      .catch(function () {});
  }
  var seconds = Number(box.dataset.interval || 10);
  setInterval(refresh, seconds * 1000);
  box.addEventListener("refresh", refresh);
})();
