// Start the design system's components (accordions, the header's menu and its drawer on a
// phone, …) once the page is parsed.
if (window.DKFDS && typeof window.DKFDS.init === "function") {
  window.DKFDS.init();
}

// The menu bar moves the entries that do not fit into the design system's "Mere" menu, as
// copies. The page's entry stays marked exactly once for assistive technology: on whichever
// copy is shown (accounts.navigation marks it, templates/includes/main_menu.html).
(function () {
  var nav = document.querySelector(".navigation-menu .nav");
  if (!nav) {
    return;
  }
  function sync() {
    var more = nav.querySelector(".more-option");
    var moreShown = more && !more.classList.contains("d-none");
    if (more) {
      var label = nav.getAttribute("data-more-label");
      var button = more.querySelector(".more-button span");
      if (label && button && button.textContent !== label) {
        button.textContent = label;
      }
    }
    nav.querySelectorAll("li.current > a.nav-link").forEach(function (link) {
      var item = link.parentElement;
      var inMore = more && more.contains(item);
      var shown = inMore ? moreShown : !item.classList.contains("d-none");
      if (shown) {
        link.setAttribute("aria-current", "page");
      } else {
        link.removeAttribute("aria-current");
      }
    });
  }
  new MutationObserver(sync).observe(nav, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["class"],
  });
  sync();
})();
