// kg app: the little script the pages need. Nothing here fetches anything.
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-copy]");
  if (!button) { return; }
  const source = document.querySelector(button.getAttribute("data-copy"));
  source.select();
  const done = function () { button.textContent = "Copied 已复制"; };
  if (navigator.clipboard) { navigator.clipboard.writeText(source.value).then(done, function () { document.execCommand("copy"); done(); }); }
  else { document.execCommand("copy"); done(); }
});
