// Decap CMS starts in format.js, once our file formats are registered.
window.CMS_MANUAL_INIT = true;

// The preview (mkdocs serve) reloads every open page after each rebuild. A save in the
// form triggers a rebuild, and a reload would throw the editor out of the entry they
// are working on. The preview's reload script declares a global `livereload` and calls
// it; a read-only no-op under that name, defined first, keeps this page from reloading.
Object.defineProperty(window, "livereload", {
  value: function () {},
  writable: false,
  configurable: false,
});

// Decap CMS leaves some controls without an accessible name (axe: aria-command-name,
// button-name, aria-input-field-name). Name each one as it appears, in German.
(function () {
  var HANDLE = '[aria-roledescription="sortable"][role="button"]:not([aria-label])';
  var TOP_BAR_BUTTON = 'button[class*="TopBarButton"]:not([aria-label])';
  var TEXT_BOX = '[data-slate-editor][role="textbox"]:not([aria-label])';
  function fieldLabel(element) {
    var container = element.closest('[class*="ControlContainer"]');
    var label = container && container.querySelector("label");
    return label ? label.textContent.trim() : "Text";
  }
  function nameControls(root) {
    root.querySelectorAll(HANDLE).forEach(function (handle) {
      handle.setAttribute("aria-label", "Eintrag verschieben (Leertaste, dann Pfeiltasten)");
    });
    // An entry's top bar: the first button folds the entry, the one after the handle removes it.
    root.querySelectorAll(TOP_BAR_BUTTON).forEach(function (button) {
      var first = button.parentElement && button.parentElement.firstElementChild === button;
      button.setAttribute("aria-label", first ? "Eintrag auf- oder zuklappen" : "Eintrag entfernen");
    });
    root.querySelectorAll(TEXT_BOX).forEach(function (box) {
      box.setAttribute("aria-label", fieldLabel(box));
    });
  }
  new MutationObserver(function () {
    nameControls(document);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
