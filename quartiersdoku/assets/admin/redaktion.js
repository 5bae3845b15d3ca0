// The preview (mkdocs serve) reloads every open page after each rebuild. A save in the
// form triggers a rebuild, and a reload would throw the editor out of the entry they
// are working on. The preview's reload script declares a global `livereload` and calls
// it; a read-only no-op under that name, defined first, keeps this page from reloading.
Object.defineProperty(window, "livereload", {
  value: function () {},
  writable: false,
  configurable: false,
});
