/* Quartiersdoku: filter a directory list in place. Without JavaScript the
   form stays hidden and the static filter links above it do the job. */
(function () {
  "use strict";
  function setup(form) {
    var rows = Array.prototype.slice.call(document.querySelectorAll(".qd-rows .qd-row"));
    if (!rows.length) { return; }
    var count = form.querySelector(".qd-filter-count");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = selects.every(function (select) {
          if (!select.value) { return true; }
          var values = (row.getAttribute("data-" + select.name) || "").split(" ");
          return values.indexOf(select.value) !== -1;
        });
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      count.textContent = shown + " von " + rows.length + " Einträgen";
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    form.hidden = false;
    apply();
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form.qd-filter"), setup);
  }
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init);  /* Material's instant loading */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
