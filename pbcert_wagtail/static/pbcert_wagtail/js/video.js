// Click-to-load video: the external player is requested only after the visitor
// presses play. Without JavaScript the button stays hidden and the link remains.
(function () {
  "use strict";
  document.querySelectorAll("[data-embed-src]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var placeholder = button.closest("[data-video-placeholder]");
      var frame = document.createElement("iframe");
      frame.src = button.getAttribute("data-embed-src");
      frame.title = button.getAttribute("data-embed-title") || "";
      frame.className = "video__frame";
      frame.allow = "autoplay; fullscreen; picture-in-picture";
      frame.setAttribute("allowfullscreen", "");
      frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      placeholder.replaceWith(frame);
      frame.focus();
    });
  });
})();
