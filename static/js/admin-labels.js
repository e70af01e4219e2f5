// Names for the inputs that Django's admin scripts draw without one (loaded by
// templates/admin/base_site.html). Select2, behind the admin's autocomplete fields, names its
// combobox by the text of the current choice, which is empty until one is made, and gives its
// search box no name; the two-list picker (SelectFilter2) puts a name on an icon with no role.
// Each is named after the label of the field it stands for; the scripts draw them on page load
// and when an inline row is added, so this watches the page for them.
(function () {
  "use strict";

  function labelOf(select) {
    if (!select) return "";
    if (select.getAttribute("aria-label")) return select.getAttribute("aria-label");
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function nameSelect2(container) {
    var select = container.previousElementSibling;
    if (!select || select.tagName !== "SELECT") return;
    var name = labelOf(select);
    if (!name) return;
    container.querySelectorAll(".select2-selection[role=combobox], .select2-search__field").forEach(
      function (element) {
        element.removeAttribute("aria-labelledby");
        element.setAttribute("aria-label", name);
      }
    );
    container.querySelectorAll(".select2-selection__rendered[role=textbox]").forEach(
      function (element) {
        element.setAttribute("aria-label", name);
      }
    );
    // Select2 puts its "clear" button inside the list of chosen items, where only items belong.
    container.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
      list.setAttribute("role", "presentation");
      list.querySelectorAll(":scope > li").forEach(function (item) {
        item.setAttribute("role", "presentation");
      });
    });
  }

  function nameAll(root) {
    root.querySelectorAll(".select2-container").forEach(nameSelect2);
    root.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  var pending = false;
  var observer = new MutationObserver(function () {
    if (pending) return;
    pending = true;
    // Once per batch of changes, after the scripts have finished drawing.
    Promise.resolve().then(function () {
      pending = false;
      nameAll(document);
    });
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  nameAll(document);
})();
