// wagtail-localize's translation editor writes a few words in English without gettext;
// give them their translation (carried by this script's data attributes) once they appear.
(() => {
  const script = document.currentScript;
  const words = { "More actions": script.dataset.moreActions };
  const sectionTitle = /^(.+) to (.+) translation$/;
  const translate = () => {
    for (const element of document.querySelectorAll(".w-sr-only")) {
      const translation = words[element.textContent];
      if (translation) element.textContent = translation;
    }
    for (const heading of document.querySelectorAll("section h3")) {
      const match = sectionTitle.exec(heading.textContent);
      if (match) {
        heading.textContent = script.dataset.sectionTitle
          .replace("%(source)s", match[1])
          .replace("%(target)s", match[2]);
      }
    }
  };
  new MutationObserver(translate).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
})();
