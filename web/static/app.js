// Enhancements only: every page works without this script (links, forms and anchors do the job).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // --- search page -----------------------------------------------------------------------

  // A new sort order applies at once (without script: the Zoeken button).
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form.requestSubmit) select.form.requestSubmit(); else select.form.submit();
    });
  });

  // On a phone the filters sit below the results: the "Filters" control opens them on top
  // (without script it is a link that jumps down to them).
  var toggle = document.querySelector(".filters-toggle");
  var layout = document.querySelector(".layout");
  var filters = document.getElementById("filters");
  if (toggle && layout && filters) {
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-expanded", "false");
    var setOpen = function (open) {
      layout.classList.toggle("filters-open", open);
      toggle.setAttribute("aria-expanded", String(open));
      if (open) filters.focus(); else toggle.focus();
    };
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      setOpen(!layout.classList.contains("filters-open"));
    });
    toggle.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); toggle.click(); }
    });
    var done = filters.querySelector(".to-results a");
    if (done) done.addEventListener("click", function (event) {
      if (!layout.classList.contains("filters-open")) return;
      event.preventDefault();
      setOpen(false);
    });
  }

  // --- letter page -----------------------------------------------------------------------

  var article = document.querySelector("article.letter");
  if (!article) return;
  var notice = document.getElementById("passage-notice");
  var citationUrl = document.getElementById("citation-url");

  // A notice about the passage the reader is looking at floats in view; one about a passage
  // that is not there stands at the top of the letter, where the reader is taken.
  function say(text, floating) {
    notice.textContent = text;
    notice.hidden = false;
    notice.classList.toggle("floating", floating);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.textContent = "Sluiten";
    close.addEventListener("click", function () { notice.hidden = true; });
    notice.appendChild(close);
  }

  function absolute(href) { return new URL(href, window.location.href).href; }

  function passageOf(anchor) {
    var element = anchor && document.getElementById(anchor);
    return element && element.classList.contains("passage") ? element : null;
  }

  function cite(passage) {
    var share = passage && passage.querySelector("a.share");
    if (share && citationUrl) citationUrl.textContent = absolute(share.getAttribute("href"));
  }

  function number(anchor) { return anchor.replace("p-", "¶"); }

  // Where the link meant to go: its fingerprint (?ps=) names the passage even after the
  // letter was re-read and its passages renumbered; an anchor alone may point at nothing.
  function findPassage() {
    var anchor = window.location.hash.slice(1);
    var wanted = article.getAttribute("data-ps");
    if (wanted) {
      var linked = (article.getAttribute("data-linked") || "").split(" ").filter(Boolean);
      if (!linked.length) {  // the server already says so at the top
        // The old anchor now names other text: leave it (a jump to the top of the letter that
        // also stops the browser marking that passage as the one linked), keep the link clean.
        if (anchor) {
          window.location.replace("#");
          history.replaceState(null, "", window.location.pathname + window.location.search);
        }
        window.scrollTo(0, 0);
        return;
      }
      if (linked.indexOf(anchor) === -1) {
        var now = linked[0];
        history.replaceState(null, "", "#" + now);
        passageOf(now).scrollIntoView({ block: "start" });
        say("Deze passage is verplaatst" + (anchor ? " (van " + number(anchor) + " naar " + number(now) + ")" : "") +
            ": de brief is na het maken van de link opnieuw ingelezen.", true);
        anchor = now;
      } else if (article.getAttribute("data-linked-exact") !== "ja") {
        say("De tekst van deze passage is gewijzigd sinds de link werd gemaakt.", true);
      }
    } else if (/^p-\d+$/.test(anchor) && !passageOf(anchor)) {
      window.scrollTo(0, 0);
      say("Passage " + number(anchor) + " bestaat niet in deze brief. U ziet het begin van de brief.", false);
      return;
    }
    cite(passageOf(anchor));
  }

  // Opened with ?q= and no anchor: to the first passage with a hit.
  var first = article.getAttribute("data-first-hit");
  if (first && !window.location.hash) {
    var hit = document.getElementById(first);
    if (hit) {
      hit.scrollIntoView({ block: "start" });
      hit.classList.add("first-hit");
    }
  }
  findPassage();
  window.addEventListener("hashchange", findPassage);

  function copy(text, done, failed) {
    if (!navigator.clipboard) { failed(); return; }
    navigator.clipboard.writeText(text).then(done, failed);
  }

  function flash(element, text) {
    var before = element.textContent;
    element.textContent = text;
    element.classList.add("copied");
    setTimeout(function () { element.textContent = before; element.classList.remove("copied"); }, 2500);
  }

  // "Link naar deze passage" copies the link; where copying is not allowed it is a plain link.
  article.querySelectorAll("a.share").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var href = link.getAttribute("href");
      copy(absolute(href), function () {
        history.replaceState(null, "", href);
        cite(link.closest(".passage"));
        flash(link, "Link gekopieerd");
      }, function () { window.location.href = href; });
    });
  });

  article.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(source.textContent.replace(/\s+/g, " ").trim(), function () { flash(button, "Gekopieerd"); }, function () {
        window.getSelection().selectAllChildren(source);  // at least ready for Ctrl+C
      });
    });
  });
})();
