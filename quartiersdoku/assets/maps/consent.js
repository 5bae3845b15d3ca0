/* Quartiersdoku: the map block in pages (templates/_map.j2) before and after consent.
 *
 * Before consent a page shows a schematic (inline SVG drawn at build time) and
 * asks nothing of anyone: no map library, no tiles. "Karte laden" stores the
 * consent for the whole site in localStorage (no cookie) and puts the map
 * document (an iframe with Leaflet, our map script and the tiles) where the
 * schematic was. With consent stored, later pages do that at once.
 * "Zustimmung widerrufen" (beside each loaded map, and on the privacy page in
 * [data-qd-consent-control]) removes the entry and brings the schematic back;
 * open pages of the site follow through the `storage` event.
 *
 * The value stored is the tile URL: consent holds for the provider it was given to.
 * The same key and value are read by the map document's own script (map.js).
 */
(function (window, document) {
  "use strict";

  var STORAGE_KEY = "quartiersdoku.karten.zustimmung";

  function storedConsent() {
    try {
      return window.localStorage.getItem(STORAGE_KEY);
    } catch (error) {
      return null;
    }
  }

  function storeConsent(value) {
    try {
      if (value) {
        window.localStorage.setItem(STORAGE_KEY, value);
      } else {
        window.localStorage.removeItem(STORAGE_KEY);
      }
    } catch (error) {
      // Storage blocked: the map document asks again itself.
    }
  }

  function setUpMap(figure) {
    var src = figure.getAttribute("data-qd-map");
    var tiles = figure.getAttribute("data-qd-tiles");
    var view = figure.querySelector(".qd-map__view");
    var consent = figure.querySelector(".qd-map__consent");
    var given = figure.querySelector(".qd-map__given");
    var load = figure.querySelector(".qd-map__load");
    var withdraw = figure.querySelector(".qd-map__withdraw");
    var title = figure.querySelector(".qd-map__title");
    var frame = null;
    if (!src || !view || !consent || !given || !load || !withdraw) {
      return;
    }

    function open(focus) {
      if (!frame) {
        frame = document.createElement("iframe");
        frame.className = "qd-map__frame";
        frame.title = title ? title.textContent : "Karte";
        frame.setAttribute("loading", "lazy");
        // The page offers the withdrawal: the document leaves out its own (map.js).
        frame.setAttribute("data-qd-embedded", "");
        frame.src = src;
        view.appendChild(frame);
      }
      figure.classList.add("qd-map--live");
      consent.hidden = true;
      given.hidden = false;
      if (focus) {
        frame.focus();
      }
    }

    function close(focus) {
      var hadFocus = frame !== null && document.activeElement === frame;
      if (frame) {
        frame.remove();
        frame = null;
      }
      figure.classList.remove("qd-map--live");
      given.hidden = true;
      consent.hidden = false;
      if (focus || hadFocus) {
        load.focus();
      }
    }

    load.addEventListener("click", function () {
      storeConsent(tiles);
      open(true);
    });
    withdraw.addEventListener("click", function () {
      storeConsent(null);
      close(true);
    });
    window.addEventListener("storage", function (event) {
      if (event.key !== STORAGE_KEY && event.key !== null) {
        return;
      }
      if (storedConsent() === tiles) {
        open(false);
      } else {
        close(false);
      }
    });
    if (storedConsent() === tiles) {
      open(false);
    } else {
      close(false);
    }
  }

  // The privacy page: what is stored, and a button to withdraw it.
  function setUpControl(control) {
    var state = control.querySelector("[data-qd-consent-state]");
    var withdraw = control.querySelector("button");
    if (!state || !withdraw) {
      return;
    }
    function show() {
      var given = storedConsent() !== null;
      state.textContent = given
        ? "Sie haben dem Laden der Kartenbilder zugestimmt."
        : "Sie haben dem Laden der Kartenbilder nicht zugestimmt (oder die Zustimmung widerrufen).";
      withdraw.hidden = !given;
    }
    withdraw.addEventListener("click", function () {
      storeConsent(null);
      show();
      state.focus();
    });
    window.addEventListener("storage", show);
    control.hidden = false;
    show();
  }

  function boot() {
    Array.prototype.forEach.call(document.querySelectorAll("figure[data-qd-map]"), setUpMap);
    Array.prototype.forEach.call(
      document.querySelectorAll("[data-qd-consent-control]"),
      setUpControl
    );
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})(window, document);
