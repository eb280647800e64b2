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
// the column; its link (a.image-reference) then scrolls sideways. A wide table (the evidence
// ledger) scrolls in its own box too. Say so above each, only while it does. (The figure's link
// is focusable and arrow keys scroll it; the table's box holds focusable headers and links.)
(() => {
  const FRAMES = [
    [".bd-article a.image-reference", "figure-scroll-hint",
     "Wider than the screen: swipe sideways to see all of it, or tap it to open it full size."],
    [".bd-article .ledger-scroll", "table-scroll-hint",
     "The table is wider than the screen: swipe sideways for more columns."],
  ];
  const update = () => {
    FRAMES.forEach(([selector, hintClass, text]) => {
      document.querySelectorAll(selector).forEach((frame) => {
        const scrolls = frame.scrollWidth > frame.clientWidth + 1;
        let hint = frame.previousElementSibling;
        if (!(hint && hint.classList.contains(hintClass))) {
          if (!scrolls) return;
          hint = document.createElement("p");
          hint.className = hintClass;
          hint.textContent = text;
          frame.before(hint);
        }
        hint.hidden = !scrolls;
      });
    });
  };
  window.addEventListener("load", update);
  window.addEventListener("resize", update);
})();

// "Back to top" hides while a table's controls (search box, filters, row count) are on screen.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("pst-back-to-top");
  const controls = document.querySelectorAll(".ledger-controls, .ledger-count");
  if (!button || !controls.length || !("IntersectionObserver" in window)) return;
  const visible = new Set();
  const observer = new IntersectionObserver((entries) => {
    entries.forEach((entry) => (entry.isIntersecting ? visible.add(entry.target) : visible.delete(entry.target)));
    button.classList.toggle("book-yield", visible.size > 0);
  });
  controls.forEach((control) => observer.observe(control));
});

// A notebook output that scrolls sideways (a wide table) can be reached and scrolled from
// the keyboard: it becomes a focusable, named region (axe: scrollable-region-focusable).
window.addEventListener("load", () => {
  document.querySelectorAll(".bd-article div.text_html").forEach((box) => {
    if (box.scrollWidth > box.clientWidth + 1 && !box.querySelector("a, button, input, select, [tabindex]")) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Table output (scrolls sideways)");
    }
  });
});
