// Phone width: the site header collapses behind a "Menu" button, and the long indicator
// groups on /targets/ start folded. Without this script everything stays open and visible.
(() => {
  const narrow = window.matchMedia("(max-width: 720px)");
  const header = document.querySelector(".site-header");
  const toggle = document.querySelector(".menu-toggle");
  if (header && toggle) {
    header.classList.add("has-menu");
    toggle.addEventListener("click", () => {
      const open = header.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", String(open));
    });
  }
  const folds = document.querySelectorAll("details.fold");
  if (narrow.matches) {
    folds.forEach((details) => { details.open = false; });
  }
  // A printout shows every group, folded or not.
  const openAll = () => folds.forEach((details) => { details.open = true; });
  window.addEventListener("beforeprint", openAll);
  window.matchMedia("print").addEventListener("change", (event) => {
    if (event.matches) openAll();
  });
})();
