// The error summary of a refused form (forms/error_summary.html): it takes the focus when
// the page opens (the `autofocus` attribute does it too, where supported), and each of its
// links moves the focus to the field it names, with the field's label or legend in view.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary) {
    return;
  }
  if (document.activeElement !== summary) {
    summary.focus();
  }
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) {
      return;
    }
    event.preventDefault();
    var block = target.closest(".field, fieldset") || target;
    block.scrollIntoView();
    target.focus({ preventScroll: true });
    if (target.getBoundingClientRect().bottom > window.innerHeight) {
      target.scrollIntoView({ block: "center" }); // a cell far down a long table
    }
  });
})();
