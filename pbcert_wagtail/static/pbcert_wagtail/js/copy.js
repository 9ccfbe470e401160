// The "Copy" button of a readonly text to copy (badges/embed.html): a <button data-copy="ID">,
// hidden without JavaScript (the text stays selectable by hand). It copies the text of the
// element ID and says so in the status next to it; where the clipboard is refused, it selects
// the text and says how to copy it.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) {
      return;
    }
    var status = button.parentNode.querySelector("[role=status]");
    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }
    function selectIt() {
      source.focus();
      source.select();
      say(button.getAttribute("data-select"));
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      say("");
      if (!navigator.clipboard || !window.isSecureContext) {
        selectIt();
        return;
      }
      navigator.clipboard.writeText(source.value).then(function () {
        say(button.getAttribute("data-copied"));
      }, selectIt);
    });
  });
})();
