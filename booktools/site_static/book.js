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
