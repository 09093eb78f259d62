/* The workspace pages' small behaviours (no framework, no CDN):
   - product grid: row selection, the bulk panel (preview, then apply) updated in place;
   - forms with data-confirm ask before removing something;
   - image upload: refuse a file over the size limit before sending it. */
(function () {
  "use strict";

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });

  var imageForm = document.querySelector("form[data-max-bytes]");
  if (imageForm) {
    imageForm.addEventListener("submit", function (event) {
      var input = imageForm.querySelector("input[type=file]");
      var file = input && input.files && input.files[0];
      if (file && file.size > Number(imageForm.dataset.maxBytes)) {
        event.preventDefault();
        window.alert(imageForm.dataset.tooBig);
      }
    });
  }

  var familySelect = document.querySelector("[data-family-select]");
  if (familySelect) {
    var showFamily = function () {
      document.querySelectorAll("fieldset[data-family]").forEach(function (set) {
        var on = set.dataset.family === familySelect.value;
        set.hidden = !on;
        set.querySelectorAll("input").forEach(function (input) { input.disabled = !on; });
      });
    };
    familySelect.addEventListener("change", showFamily);
    showFamily();
  }

  var panel = document.getElementById("bulk");
  var table = document.querySelector("table[data-testid=products]");
  if (!panel || !table) return;
  var boxes = Array.prototype.slice.call(table.querySelectorAll("input[name=selected]"));
  var all = table.querySelector("[data-select-all]");
  var count = panel.querySelector("[data-bulk-count]");
  var result = panel.querySelector("[data-bulk-result]");
  var apply = panel.querySelector("[data-bulk-apply]");
  var action = panel.querySelector("select[name=action]");

  function selected() {
    return boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
  }
  function refresh() {
    var ids = selected();
    count.textContent = ids.length;
    panel.hidden = ids.length === 0;
    boxes.forEach(function (box) { box.closest("tr").classList.toggle("selected", box.checked); });
    result.innerHTML = "";
    apply.hidden = true;
  }
  function showFields() {
    panel.querySelectorAll("[data-bulk-for]").forEach(function (label) {
      label.hidden = label.dataset.bulkFor.split(" ").indexOf(action.value) < 0;
    });
    result.innerHTML = "";
    apply.hidden = true;
  }
  boxes.forEach(function (box) { box.addEventListener("change", refresh); });
  if (all) all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
    refresh();
  });
  action.addEventListener("change", showFields);
  panel.querySelectorAll("input, select").forEach(function (input) {
    if (input !== action) input.addEventListener("input", function () { apply.hidden = true; });
  });

  function send(save) {
    var body = new FormData();
    selected().forEach(function (id) { body.append("products", id); });
    body.append("action", action.value);
    body.append("value", panel.querySelector("input[name=value]").value);
    body.append("category", panel.querySelector("select[name=category]").value);
    if (save) body.append("apply", "1");
    return fetch(panel.dataset.bulkUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": panel.dataset.csrf, "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.text().then(function (html) {
        result.innerHTML = html;
        var changes = result.querySelector("[data-state=preview]");
        apply.hidden = !(response.ok && !save && changes && Number(changes.dataset.count) > 0);
        if (save && response.ok) window.setTimeout(function () { window.location.reload(); }, 1200);
      });
    });
  }
  panel.querySelector("[data-bulk-preview]").addEventListener("click", function () { send(false); });
  apply.addEventListener("click", function () { apply.hidden = true; send(true); });
  showFields();
  refresh();
})();
