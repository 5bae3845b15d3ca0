/* Quartiersdoku: maps with consent-gated tiles and accessible markers (Leaflet 1.9).
 *
 * A map document (written by quartiersdoku/mapdoc.py) holds a map container
 * with its Leaflet options in `data-qd-map` and its places as JSON in
 * <script type="application/json" id="qd-map-data">; this script reads both
 * once the document is parsed. Editor text in the data reaches the page only
 * through textContent, attributes and Leaflet options that set attributes,
 * never through innerHTML. The one piece of HTML is the tile provider's
 * attribution, built and escaped from the site settings.
 *
 * Tiles (the only requests to another host) load only after a click on
 * "Karte laden"; the choice is kept in localStorage for every map of the site
 * and ends with "Zustimmung widerrufen".
 */
(function (window, document, L) {
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
      // Storage blocked: the choice holds for this map only.
    }
  }

  // Row: [lat, lon, name, style, href, detail, what]; quartiersdoku.pages.maps.Place.label builds the same text.
  function labelOf(row, styles) {
    var text = row[2];
    if (row[5]) {
      text += ", " + row[5];
    }
    return text + " (" + (row[6] || styles[row[3]].text) + ")";
  }

  // The page embedding the map navigates, not the map's own frame.
  function navigate(href) {
    var target = new URL(href, document.baseURI).href;
    try {
      window.top.location.assign(target);
    } catch (error) {
      window.location.assign(target);
    }
  }

  function isEnter(event) {
    return event.key === "Enter" || event.keyCode === 13;
  }

  // A marker whose icon carries its label: a link when it leads to a page, else an image.
  var PlaceMarker = L.Marker.extend({
    _initIcon: function () {
      L.Marker.prototype._initIcon.call(this);
      this._icon.setAttribute("aria-label", this.options.label);
      this._icon.setAttribute("role", this.options.keyboard ? "link" : "img");
    },
    // The tooltip repeats the label: linking it as a description would read it twice.
    _setAriaDescribedByOnLayer: function () {}
  });

  function placeIcon(cls) {
    return L.divIcon({
      className: "qd-marker qd-marker--" + cls,
      html: false,
      iconSize: [22, 22],
      iconAnchor: [11, 11],
      tooltipAnchor: [0, -11]
    });
  }

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var box = document.createElement("span");
    var number = document.createElement("span");
    var words = document.createElement("span");
    number.setAttribute("aria-hidden", "true");
    number.textContent = String(count);
    words.className = "qd-sr";
    words.textContent = count + " Orte, vergrößern";
    box.appendChild(number);
    box.appendChild(words);
    var size = count < 100 ? 34 : count < 1000 ? 40 : 46;
    return L.divIcon({ html: box, className: "qd-cluster", iconSize: [size, size] });
  }

  function addLegend(map) {
    var legend = document.getElementById("qd-legend");
    if (!legend) {
      return;
    }
    var Legend = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        legend.hidden = false;
        L.DomEvent.disableClickPropagation(legend);
        return legend;
      }
    });
    new Legend().addTo(map);
  }

  function addPlaces(map, config) {
    var icons = {};
    var markers = config.places.map(function (row) {
      var style = config.styles[row[3]];
      var label = labelOf(row, config.styles);
      var href = row[4] ? config.base + row[4] : null;
      if (!icons[style.cls]) {
        icons[style.cls] = placeIcon(style.cls);
      }
      var marker = new PlaceMarker([row[0], row[1]], {
        icon: icons[style.cls],
        keyboard: Boolean(href),
        label: label,
        riseOnHover: true
      });
      marker.bindTooltip(
        function () {
          return document.createTextNode(label);
        },
        { direction: "top" }
      );
      if (href) {
        marker.on("click", function () {
          navigate(href);
        });
        // Leaflet turns Enter on a marker into "keypress", not "click".
        marker.on("keypress", function (event) {
          if (isEnter(event.originalEvent)) {
            navigate(href);
          }
        });
      }
      return marker;
    });
    var group;
    if (config.cluster) {
      group = L.markerClusterGroup({
        chunkedLoading: true,
        showCoverageOnHover: false,
        maxClusterRadius: 50,
        iconCreateFunction: clusterIcon
      });
      group.addLayers(markers);
      // Enter on a cluster does what a click does: zoom in, or spread its markers out.
      group.on("clusterkeypress", function (event) {
        if (!isEnter(event.originalEvent)) {
          return;
        }
        var cluster = event.layer;
        if (map.getZoom() >= map.getMaxZoom()) {
          cluster.spiderfy();
        } else {
          map.once("zoomend", function () {
            map.getContainer().focus();
          });
          cluster.zoomToBounds({ padding: [28, 28] });
        }
      });
    } else {
      group = L.featureGroup(markers);
    }
    group.addTo(map);
  }

  function setUpConsent(map, tiles) {
    var notice = document.getElementById("qd-consent");
    var given = document.getElementById("qd-given");
    var load = document.getElementById("qd-load");
    var withdraw = document.getElementById("qd-withdraw");
    var layer = null;
    // Embedded by a page that offers the withdrawal beside the map (consent.js): not twice.
    var embedded = false;
    try {
      embedded = Boolean(window.frameElement && window.frameElement.hasAttribute("data-qd-embedded"));
    } catch (error) {
      embedded = false;
    }

    function showTiles() {
      if (!layer) {
        layer = L.tileLayer(tiles.url, {
          maxZoom: tiles.maxZoom,
          attribution: tiles.attribution,
          referrerPolicy: "strict-origin-when-cross-origin"
        });
        layer.addTo(map);
      }
      notice.hidden = true;
      given.hidden = embedded;
      map.invalidateSize();
    }

    function hideTiles() {
      if (layer) {
        map.removeLayer(layer);
        layer = null;
      }
      given.hidden = true;
      notice.hidden = false;
      map.invalidateSize();
    }

    load.addEventListener("click", function () {
      storeConsent(tiles.url);
      showTiles();
      map.getContainer().focus();
    });
    withdraw.addEventListener("click", function () {
      storeConsent(null);
      hideTiles();
      load.focus();
    });
    // A choice made in another tab or frame of the site applies here too.
    window.addEventListener("storage", function (event) {
      if (event.key !== STORAGE_KEY && event.key !== null) {
        return;
      }
      if (storedConsent() === tiles.url) {
        showTiles();
      } else {
        hideTiles();
      }
    });
    // Consent is for one provider: a new provider in the settings asks again.
    if (storedConsent() === tiles.url) {
      showTiles();
    } else {
      hideTiles();
    }
  }

  function show(map, config) {
    L.control.zoom({ zoomInTitle: "Vergrößern", zoomOutTitle: "Verkleinern" }).addTo(map);
    map.attributionControl.setPrefix(
      '<a href="https://leafletjs.com" target="_blank" rel="noopener noreferrer">Leaflet</a>'
    );
    map.fitBounds(config.bounds, { padding: [28, 28], maxZoom: config.fitMaxZoom });
    if (config.boundary) {
      L.geoJSON(config.boundary, {
        interactive: false,
        style: { color: "#303f9f", weight: 3, fillColor: "#303f9f", fillOpacity: 0.12 }
      }).addTo(map);
    }
    addPlaces(map, config);
    addLegend(map);
    setUpConsent(map, config.tiles);
  }

  var maps = [];

  function boot() {
    var container = document.querySelector("[data-qd-map]");
    var data = document.getElementById("qd-map-data");
    if (!container || !data) {
      return;
    }
    var map = L.map(container, JSON.parse(container.getAttribute("data-qd-map")));
    maps.push(map);
    show(map, JSON.parse(data.textContent));
  }

  // `maps` lets tests and the browser console reach the map.
  window.qdMaps = { show: show, maps: maps };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})(window, document, window.L);
