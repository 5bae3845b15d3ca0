/* Quartiersdoku: keyboard access to Material's menu and search.
 *
 * 1. Material opens its navigation drawer with a <label> of the hidden
 *    checkbox `__drawer`, out of reach of the keyboard. overrides/partials/
 *    header.html adds a real <button> (shown instead of the label once this
 *    script runs, see assets/stylesheets/a11y.css). It toggles the checkbox,
 *    keeps aria-expanded and its name in step and moves the focus into the
 *    opened drawer; Escape closes it, with the focus back on the button, and
 *    so does moving the focus out of it (the page behind is covered).
 * 2. Inside the drawer, sections and the table of contents are panels that
 *    slide over their parent list, opened and closed ("back") by <label>s of
 *    hidden checkboxes. While the drawer is in use (below 76.25em) those
 *    labels are Tab stops that Enter (Material) and Space (here) operate, and
 *    the focus follows the panel: into it when it opens, back to its opener
 *    when it closes. a11y.css hides closed panels and what an open one covers.
 * 3. The search results' scroll area is a Tab stop (tabindex="0") even while
 *    it lists nothing, so the focus vanished there for one Tab. It is a Tab
 *    stop only while it lists results.
 */
(function () {
  "use strict";

  var drawer = document.getElementById("__drawer");
  var menu = document.querySelector(".qd-menu-button");
  if (drawer && menu) {
    var sync = function () {
      menu.setAttribute("aria-expanded", drawer.checked ? "true" : "false");
      menu.setAttribute("aria-label", drawer.checked ? "Navigation schließen" : "Navigation öffnen");
    };
    var toggle = function (open) {
      drawer.checked = open;
      drawer.dispatchEvent(new Event("change"));
      sync();
    };
    var sidebar = document.querySelector(".md-sidebar--primary");
    var shown = function (el) {
      return el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
    };
    var firstInDrawer = function () {
      var candidates = sidebar ? sidebar.querySelectorAll("a[href], button, [tabindex='0']") : [];
      return Array.prototype.find.call(candidates, shown);
    };
    menu.addEventListener("click", function () {
      var open = !drawer.checked;
      toggle(open);
      var first = open && firstInDrawer();
      if (first) {
        first.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) {
        toggle(false);
        menu.focus();
      }
    });
    document.addEventListener("focusin", function (event) {
      if (drawer.checked && sidebar && !sidebar.contains(event.target) && event.target !== menu) {
        toggle(false);
      }
    });
    drawer.addEventListener("change", sync);
    sync();
  }

  var narrow = window.matchMedia("(max-width: 76.234375em)");
  var panelLabels = function () {
    return document.querySelectorAll(
      ".md-nav--primary label.md-nav__link[for], .md-nav--primary label.md-nav__title[for]"
    );
  };
  var syncPanels = function () {
    panelLabels().forEach(function (label) {
      if (label.getAttribute("for") === "__drawer") {
        return; // the drawer's own title: the menu button closes the drawer
      }
      if (narrow.matches) {
        label.setAttribute("tabindex", "0");
      } else if (!label.hasAttribute("data-md-tabindex")) {
        label.removeAttribute("tabindex");
      }
    });
  };
  // Labels Material itself made Tab stops keep theirs on wide screens.
  panelLabels().forEach(function (label) {
    if (label.hasAttribute("tabindex") && label.getAttribute("tabindex") !== "") {
      label.setAttribute("data-md-tabindex", "");
    }
  });
  narrow.addEventListener("change", syncPanels);
  syncPanels();
  document.querySelectorAll(".md-nav--primary .md-nav__toggle").forEach(function (toggle) {
    toggle.addEventListener("change", function () {
      if (!narrow.matches || !toggle.id) {
        return;
      }
      var item = toggle.parentElement;
      var panel = item && item.querySelector(":scope > .md-nav");
      var target = toggle.checked
        ? panel && panel.querySelector(":scope > .md-nav__title")
        : item && item.querySelector(":scope > label.md-nav__link, :scope > .md-nav__container > label");
      if (target && item.contains(document.activeElement)) {
        target.focus();
      }
    });
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === " " && target instanceof HTMLLabelElement
        && target.closest(".md-nav--primary") && target.hasAttribute("tabindex")) {
      event.preventDefault();
      target.click();
    }
  });

  var scrollwrap = document.querySelector(".md-search__scrollwrap");
  var results = document.querySelector(".md-search-result__list");
  if (scrollwrap && results) {
    var syncResults = function () {
      scrollwrap.setAttribute("tabindex", results.children.length ? "0" : "-1");
    };
    new MutationObserver(syncResults).observe(results, { childList: true });
    syncResults();
  }
})();
