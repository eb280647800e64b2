// Site fix for issue 11 (loaded by booktools/sphinx_site_fixes.py).
// When a sidebar drawer (a <dialog>) closes, give keyboard focus back to the visible button
// that opened it: sphinx-book-theme blurs that button on click, so pydata-sphinx-theme's own
// "restore focus" finds nothing and focus falls back to the top of the page.
document.addEventListener("DOMContentLoaded", () => {
  [
    ["pst-primary-sidebar-modal", ".primary-toggle"],
    ["pst-secondary-sidebar-modal", ".secondary-toggle"],
  ].forEach(([dialogId, buttonSelector]) => {
    const dialog = document.getElementById(dialogId);
    if (!dialog) return;
    dialog.addEventListener("close", () => {
      const button = Array.from(document.querySelectorAll(buttonSelector)).find((b) => b.offsetParent !== null);
      if (button) button.focus({ preventScroll: true });
    });
  });
});

// Issue 20: a figure is never shown smaller than legible, so on a phone it may be wider than
// the column; its link (a.image-reference) then scrolls sideways. Say so above it, only while
// it does, and let the keyboard scroll it too (the link is focusable; arrow keys scroll it).
(() => {
  const HINT = "Wider than the screen: swipe sideways to see all of it, or tap it to open it full size.";
  const update = () => {
    document.querySelectorAll(".bd-article a.image-reference").forEach((frame) => {
      const scrolls = frame.scrollWidth > frame.clientWidth + 1;
      let hint = frame.previousElementSibling;
      if (!(hint && hint.classList.contains("figure-scroll-hint"))) {
        if (!scrolls) return;
        hint = document.createElement("p");
        hint.className = "figure-scroll-hint";
        hint.textContent = HINT;
        frame.before(hint);
      }
      hint.hidden = !scrolls;
    });
  };
  window.addEventListener("load", update);
  window.addEventListener("resize", update);
})();
