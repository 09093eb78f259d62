/* Live length counters of the translation editor. Measures like i18n/checks.py: code points
   after NFC, UTF-8 bytes, search terms one per line; descriptions for plain-text marketplaces are
   measured without their tags. Shipped with the hub: no CDN, no framework. */
(function () {
  "use strict";
  var input = document.getElementById("id_text");
  var list = document.querySelector("ul.counters");
  if (!input || !list) { return; }
  var field = list.getAttribute("data-field");
  var encoder = new TextEncoder();

  function nfc(text) { return text.normalize("NFC"); }
  function chars(text) { return Array.from(nfc(text)).length; }
  function bytes(text) { return encoder.encode(nfc(text)).length; }
  function terms(text) {
    return text.split("\n").map(function (term) { return term.trim(); }).filter(function (term) { return term; });
  }
  function plain(html) {
    // DOMParser documents are inert: no script runs and no image loads while we read the text.
    var marked = html.replace(/<br\s*\/?>/gi, "\n").replace(/<\/(p|li|ul|ol)>/gi, "\n").replace(/<li>/gi, "\n- ");
    var text = new DOMParser().parseFromString(marked, "text/html").body.textContent || "";
    return text.split("\n").map(function (line) { return line.trim(); }).join("\n").replace(/\n{3,}/g, "\n\n").trim();
  }
  function cleaned(text) {
    text = text.replace(/\r\n?/g, "\n");
    if (field === "title" || field === "bullet") { return text.split("\n").join(" ").trim(); }
    return text.trim();
  }
  function measure(item, text) {
    var kind = item.getAttribute("data-measure");
    if (field === "description" && item.getAttribute("data-format") === "text") { text = plain(text); }
    var items = field === "keywords" ? terms(text) : [text];
    if (kind === "chars") { return chars(text); }
    if (kind === "bytes") { return bytes(text); }
    if (kind === "items") { return items.length; }
    if (kind === "item_chars") { return Math.max.apply(null, [0].concat(items.map(chars))); }
    if (kind === "item_bytes") { return Math.max.apply(null, [0].concat(items.map(bytes))); }
    if (kind === "joined_bytes") { return bytes(items.join(item.getAttribute("data-joiner") || " ")); }
    return 0;
  }
  function update() {
    var text = cleaned(input.value);
    list.querySelectorAll("li.counter").forEach(function (item) {
      var value = measure(item, text);
      var max = parseInt(item.getAttribute("data-max"), 10);
      var severity = item.getAttribute("data-severity");
      item.querySelector(".counter-value").textContent = String(value);
      item.classList.toggle("over-" + severity, value > max);
    });
  }
  input.addEventListener("input", update);
  update();

  var goNext = document.getElementById("go-next");
  var nextField = document.querySelector("input[name=next_unit]");
  if (goNext && nextField) {
    goNext.addEventListener("change", function () {
      nextField.value = goNext.checked ? nextField.getAttribute("data-next") : "";
    });
  }
}());
