// kg app: the little script the pages need. Nothing here fetches anything.
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-copy]");
  if (!button) { return; }
  const source = document.querySelector(button.getAttribute("data-copy"));
  source.select();
  const done = function () { button.textContent = button.getAttribute("data-done"); };
  if (navigator.clipboard) { navigator.clipboard.writeText(source.value).then(done, function () { document.execCommand("copy"); done(); }); }
  else { document.execCommand("copy"); done(); }
});
// A select that sends its form when changed (no inline handlers: the CSP allows none).
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-submit]")) { event.target.form.submit(); }
});
// Colours given as data (a graph view's legend), set through the style object the CSP allows.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-color]").forEach(function (el) { el.style.background = el.getAttribute("data-color"); });
});
