/* Quartiersdoku: the site's search with Pagefind (partials/pagefind-search.html).
 *
 * Used instead of Material's search when the plugin option `search` selects
 * Pagefind (docs/performance.md). Nothing of Pagefind is loaded before the
 * first input in the search field; then pagefind/pagefind.js (beside the
 * site's root, found through `data-qd-root`) loads the parts of the index the
 * query needs, and the data of the first results shown (PAGE at a time: each
 * result costs a fragment download, "Mehr Treffer" loads the next ones).
 *
 * Keyboard: "/", "s" or "f" opens the search (as in Material); Escape closes
 * it; Arrow down/up move between the field and the results; Enter in the field
 * opens the first result. Results are links with the page title and an
 * excerpt; the only markup taken from the index is Pagefind's <mark> around
 * the matched words, everything else is inserted as text.
 *
 * German stop words ("am", "der", "und", …) are left out of queries of several
 * words: Pagefind finds only pages with every word, and the index part of a
 * word that stands on nearly every page is large (docs/performance.md).
 */
(function () {
  "use strict";

  var PAGE = 5;
  var DEBOUNCE_MS = 150;
  // German stop words (Snowball's list, shortened to words that carry no topic).
  var STOP_WORDS = new Set((
    "aber alle allem allen aller alles als also am an ander andere anderem anderen " +
    "anderer anderes auch auf aus bei bin bis bist da damit dann das dass dasselbe " +
    "dazu dein deine dem den denn der des desselben dessen dich die dies diese " +
    "dieselbe dieselben diesem diesen dieser dieses dir doch dort du durch ein eine " +
    "einem einen einer eines einig einige einigem einigen einiger einiges einmal er " +
    "es etwas euch euer eure für hab habe haben hat hatte hatten hier hin hinter ich " +
    "ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem " +
    "jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem " +
    "keinen keiner keines man manche manchem manchen mancher manches mein meine mich " +
    "mir mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine " +
    "seinem seinen seiner seines selbst sich sie sind so solche solchem solchen " +
    "solcher solches soll sollte sondern sonst über um und uns unser unsere unter " +
    "vom von vor war waren warst was weg weil weiter welche welchem welchen welcher " +
    "welches wenn werde werden wie wieder will wir wird wirst wo wollen wollte " +
    "würde würden zu zum zur zwar zwischen"
  ).split(" "));

  // The dialog's words in the page's language (<html lang>: quarter pages in other
  // languages); German for every other page. Counts follow the language's plural rules.
  var TEXTS = {
    de: {
      none: "Keine Treffer", one: "{n} Treffer", other: "{n} Treffer",
      prompt: "Suchbegriff eingeben", running: "Suche läuft …", more: "Mehr Treffer",
      failed: "Die Suche ist gerade nicht verfügbar. Bitte später noch einmal versuchen."
    },
    en: {
      none: "No results", one: "{n} result", other: "{n} results",
      prompt: "Enter a search term", running: "Searching …", more: "More results",
      failed: "Search is not available right now. Please try again later."
    },
    tr: {
      none: "Sonuç yok", one: "{n} sonuç", other: "{n} sonuç",
      prompt: "Arama terimi girin", running: "Aranıyor …", more: "Daha fazla sonuç",
      failed: "Arama şu anda kullanılamıyor. Lütfen daha sonra tekrar deneyin."
    },
    ar: {
      none: "لا توجد نتائج", one: "نتيجة واحدة", two: "نتيجتان", few: "{n} نتائج",
      many: "{n} نتيجة", other: "{n} نتيجة",
      prompt: "أدخل كلمة البحث", running: "جارٍ البحث …", more: "مزيد من النتائج",
      failed: "البحث غير متاح حاليًا. يرجى المحاولة لاحقًا."
    },
    uk: {
      none: "Немає результатів", one: "{n} результат", few: "{n} результати",
      many: "{n} результатів", other: "{n} результату",
      prompt: "Введіть пошуковий запит", running: "Пошук …", more: "Більше результатів",
      failed: "Пошук зараз недоступний. Спробуйте пізніше."
    },
    ru: {
      none: "Нет результатов", one: "{n} результат", few: "{n} результата",
      many: "{n} результатов", other: "{n} результата",
      prompt: "Введите поисковый запрос", running: "Идёт поиск …", more: "Больше результатов",
      failed: "Поиск сейчас недоступен. Попробуйте позже."
    }
  };
  var LANG = (document.documentElement.getAttribute("lang") || "de").toLowerCase().split("-")[0];
  if (!Object.prototype.hasOwnProperty.call(TEXTS, LANG)) {
    LANG = "de";
  }
  var T = TEXTS[LANG];
  var PLURAL = new Intl.PluralRules(LANG);

  var dialog = document.querySelector(".qd-search");
  var toggle = document.getElementById("__search");
  if (!dialog || !toggle) {
    return;
  }
  var form = dialog.querySelector(".qd-search__form");
  var input = dialog.querySelector(".qd-search__input");
  var meta = dialog.querySelector(".md-search-result__meta");
  var list = dialog.querySelector(".md-search-result__list");
  var more = dialog.querySelector(".qd-search__more");
  more.textContent = T.more;
  var scrollwrap = dialog.querySelector(".md-search__scrollwrap");
  var output = dialog.querySelector(".md-search-result");
  var root = new URL((dialog.getAttribute("data-qd-root") || ".") + "/", document.baseURI);

  var pagefind = null; // the promise of the loaded module
  var shown = []; // Pagefind's results of the current query
  var next = 0; // how many of them are in the list
  var current = 0; // number of the latest query; older answers are dropped
  var timer = 0;

  function setStatus(text) {
    meta.textContent = text;
  }

  /* aria-busy: "true" from an input until its results are shown. */
  function busy(on) {
    output.setAttribute("aria-busy", on ? "true" : "false");
  }

  function count(n) {
    if (n === 0) {
      return T.none;
    }
    var words = T[PLURAL.select(n)] || T.other;
    return words.replace("{n}", n.toLocaleString(LANG));
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        // noWorker: the search runs on this page (a few milliseconds per query) instead of
        // in Pagefind's web worker, which would cost another download (11 KB gzipped).
        var settings = { baseUrl: root.pathname, noWorker: true };
        return Promise.resolve(module.options(settings)).then(function () {
          return module;
        });
      });
      pagefind.catch(function () {
        pagefind = null; // try again with the next input
      });
    }
    return pagefind;
  }

  /* Words of the query without German stop words, unless nothing would be left. */
  function terms(query) {
    var words = query.split(/\s+/).filter(Boolean);
    if (LANG !== "de") {
      return words.join(" "); // the stop words are German
    }
    var kept = words.filter(function (word) {
      return !STOP_WORDS.has(word.toLocaleLowerCase("de-DE"));
    });
    return (kept.length ? kept : words).join(" ");
  }

  /* Pagefind's excerpt as nodes: its <mark> elements, everything else as text. */
  function excerptNodes(html) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var nodes = [];
    parsed.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(node.textContent));
      }
    });
    return nodes;
  }

  function sameSite(url) {
    try {
      var target = new URL(url, root);
      return target.origin === location.origin ? target.href : null;
    } catch (error) {
      return null;
    }
  }

  function item(data) {
    var href = sameSite(data.url);
    if (!href) {
      return null;
    }
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    var teaser = document.createElement("p");
    teaser.className = "md-search-result__teaser";
    excerptNodes(data.excerpt || "").forEach(function (node) {
      teaser.appendChild(node);
    });
    article.appendChild(title);
    article.appendChild(teaser);
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function showMore(number) {
    var batch = shown.slice(next, next + PAGE);
    next += batch.length;
    more.hidden = true;
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (data) {
      if (number !== current) {
        return;
      }
      var first = null;
      data.forEach(function (entry) {
        var li = item(entry);
        if (li) {
          list.appendChild(li);
          first = first || li;
        }
      });
      more.hidden = next >= shown.length;
      scrollwrap.setAttribute("tabindex", list.children.length ? "0" : "-1");
      return first;
    });
  }

  function clear() {
    list.replaceChildren();
    shown = [];
    next = 0;
    more.hidden = true;
    scrollwrap.setAttribute("tabindex", "-1");
  }

  function run() {
    var query = terms(input.value.trim());
    var number = ++current;
    if (!query) {
      clear();
      setStatus(T.prompt);
      busy(false);
      return;
    }
    setStatus(T.running);
    load().then(function (module) {
      return module.search(query);
    }).then(function (search) {
      if (number !== current || !search) {
        return;
      }
      clear();
      shown = search.results;
      setStatus(count(shown.length));
      return showMore(number).then(function () {
        if (number === current) {
          busy(false);
        }
      });
    }).catch(function () {
      if (number === current) {
        clear();
        setStatus(T.failed);
        busy(false);
      }
    });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    busy(true);
    window.clearTimeout(timer);
    timer = window.setTimeout(run, DEBOUNCE_MS);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) {
      first.click();
    }
  });
  form.addEventListener("reset", function () {
    window.setTimeout(function () {
      current++;
      clear();
      setStatus(T.prompt);
      busy(false);
      input.focus();
    });
  });
  more.addEventListener("click", function () {
    var before = links().length;
    showMore(current).then(function () {
      var added = links()[before];
      if (added) {
        added.focus(); // the keyboard continues with the first new result
      }
    });
  });
  toggle.addEventListener("change", function () {
    if (!toggle.checked && dialog.contains(document.activeElement)) {
      document.activeElement.blur();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var target = event.target;
    var inDialog = dialog.contains(target);
    if (!inDialog) {
      var typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ||
        target instanceof HTMLSelectElement || (target && target.isContentEditable);
      if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        open();
        input.focus();
        input.select();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") {
      return;
    }
    var all = links();
    var at = all.indexOf(target);
    if (target !== input && at < 0) {
      return;
    }
    event.preventDefault();
    var step = event.key === "ArrowDown" ? 1 : -1;
    var to = (target === input ? -1 : at) + step;
    if (to < 0) {
      input.focus();
    } else if (to < all.length) {
      all[to].focus();
    }
  });
})();
