// Publish page: "select all"; job page: live progress and results from the API (session auth).
(function () {
  document.querySelectorAll("[data-toggle=products]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll("input[name=products]").forEach(function (input) { input.checked = box.checked; });
    });
  });
  var job = document.getElementById("job");
  if (!job) { return; }
  var api = job.dataset.api;
  var labelsNode = document.getElementById("job-labels");
  var labels = labelsNode ? JSON.parse(labelsNode.textContent) : {};
  function label(code) { return labels[code] || code; }
  function text(selector, value) { var el = document.querySelector(selector); if (el) { el.textContent = value; } }
  function results() {
    fetch(api + "items/", { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (items) {
      var body = document.getElementById("results");
      body.innerHTML = "";
      items.forEach(function (item) {
        var row = document.createElement("tr");
        row.dataset.state = item.state;
        var issues = (item.issues || []).map(function (i) { return i.code + " " + i.message; }).join("; ");
        [item.sku, item.family + " " + item.marketplace_id, label(item.action), label(item.state), issues || item.message].forEach(function (value) {
          var cell = document.createElement("td"); cell.textContent = value || ""; row.appendChild(cell);
        });
        body.appendChild(row);
      });
    });
  }
  function poll() {
    fetch(api, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (p) {
      var bar = document.querySelector("[data-testid=progress]");
      bar.max = p.total || 1; bar.value = p.done + p.failed;
      text("[data-testid=job-status]", label(p.status));
      text("[data-testid=job-done]", p.done);
      text("[data-testid=job-failed]", p.failed);
      text("[data-testid=job-remaining]", p.remaining);
      text("[data-testid=job-waits]", p.throttle_waits);
      text("[data-testid=job-eta]", p.eta_seconds === null ? "–" : p.eta_seconds);
      job.dataset.status = p.status;
      if (p.status === "queued" || p.status === "running") { setTimeout(poll, 1000); } else { results(); }
    });
  }
  results();
  poll();
})();
