/*
 * Quartiersdoku: „Jetzt geöffnet“ / „Jetzt geschlossen“ for contact points.
 *
 * Reads every <p class="qd-open-now" data-hours='…'> (data from
 * quartiersdoku.core.hours.WeeklyHours.browser_json) and writes the current state in
 * German, for the time in Europe/Berlin whatever the visitor's own time zone.
 * No external libraries; no requests. The element is a polite live region and
 * is only written when its text changes (checked once a minute).
 *
 * data-hours: {"week": [[[start, end(, 1)]...] x 7, Montag first; minutes after
 * midnight; a third element 1 marks uncertain times], "dev": {"YYYY-MM-DD":
 * ranges} deviating days, "from"/"to": the window "dev" covers, "irr": 1 if the
 * text has rules beyond the weekly table}.
 */
(function () {
  "use strict";

  var WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"];
  var FORMAT = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Berlin",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23"
  });

  /* The wall-clock time in Berlin: {day: Date at 00:00 UTC of the Berlin day, minute}. */
  function berlinNow() {
    var parts = {};
    FORMAT.formatToParts(new Date()).forEach(function (part) {
      parts[part.type] = part.value;
    });
    var day = new Date(Date.UTC(+parts.year, +parts.month - 1, +parts.day));
    return { day: day, minute: (+parts.hour % 24) * 60 + +parts.minute };
  }

  function addDays(day, count) {
    return new Date(day.getTime() + count * 86400000);
  }

  function isoDate(day) {
    return day.toISOString().slice(0, 10);
  }

  function weekday(day) {
    return (day.getUTCDay() + 6) % 7; /* 0 = Montag */
  }

  function clock(minutes) {
    var hours = Math.floor(minutes / 60);
    var rest = minutes % 60;
    return (hours < 10 ? "0" : "") + hours + ":" + (rest < 10 ? "0" : "") + rest + " Uhr";
  }

  /* The ranges of one day: a deviation inside the window, else the regular week. */
  function rangesOn(data, day) {
    var iso = isoDate(day);
    if (data.dev && iso >= data.from && iso <= data.to && Object.prototype.hasOwnProperty.call(data.dev, iso)) {
      return data.dev[iso];
    }
    return data.week[weekday(day)] || [];
  }

  /* When an open range ending at midnight goes on the next day, its real end. */
  function closingTime(data, day, range) {
    var end = range[1];
    var next = day;
    var guard = 0;
    while (end === 1440 && guard < 7) {
      next = addDays(next, 1);
      var follow = rangesOn(data, next).filter(function (r) { return r[0] === 0 && !r[2]; })[0];
      if (!follow) {
        return "24:00 Uhr";
      }
      end = follow[1];
      guard += 1;
    }
    return guard >= 7 && end === 1440 ? "" : clock(end % 1440);
  }

  function nextOpening(data, now) {
    for (var offset = 0; offset < 8; offset += 1) {
      var day = addDays(now.day, offset);
      var ranges = rangesOn(data, day);
      for (var i = 0; i < ranges.length; i += 1) {
        var range = ranges[i];
        if (!range[2] && (offset > 0 || range[0] > now.minute)) {
          var when = offset === 0 ? "heute" : offset === 1 ? "morgen" : "am " + WEEKDAYS[weekday(day)];
          return "öffnet " + when + " um " + clock(range[0]);
        }
      }
    }
    return "";
  }

  function stateText(data, now) {
    var ranges = rangesOn(data, now.day);
    var stale = isoDate(now.day) > data.to;
    var caveat = stale && data.irr ? " (ohne Gewähr: Ausnahmen wie Feiertage sind hier nicht mehr berücksichtigt)" : "";
    for (var i = 0; i < ranges.length; i += 1) {
      var range = ranges[i];
      if (range[0] <= now.minute && now.minute < range[1]) {
        if (range[2]) {
          return { open: false, text: "Jetzt vielleicht geöffnet (ohne Gewähr)" };
        }
        var until = closingTime(data, now.day, range);
        return { open: true, text: "Jetzt geöffnet" + (until ? ", bis " + until : "") + caveat };
      }
    }
    var next = nextOpening(data, now);
    return { open: false, text: "Jetzt geschlossen" + (next ? ", " + next : "") + caveat };
  }

  function update(element) {
    var data;
    try {
      data = JSON.parse(element.getAttribute("data-hours"));
    } catch (error) {
      return;
    }
    if (!data || !data.week || data.week.length !== 7) {
      return;
    }
    var state = stateText(data, berlinNow());
    if (element.textContent !== state.text) {
      element.textContent = state.text;
    }
    element.classList.toggle("qd-open-now--open", state.open);
    element.classList.toggle("qd-open-now--closed", !state.open);
    element.hidden = false;
  }

  function updateAll() {
    var elements = document.querySelectorAll(".qd-open-now[data-hours]");
    for (var i = 0; i < elements.length; i += 1) {
      if (!elements[i].hasAttribute("aria-live")) {
        elements[i].setAttribute("aria-live", "polite");
      }
      update(elements[i]);
    }
  }

  var timer = null;

  function start() {
    updateAll();
    if (timer === null) {
      timer = window.setInterval(updateAll, 60000);
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start); /* Material's instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
