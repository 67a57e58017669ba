// Letter page opened with ?q= and no #anchor: scroll to the first passage with a hit.
(function () {
  var article = document.querySelector("article.letter[data-first-hit]");
  if (!article || window.location.hash) return;
  var first = document.getElementById(article.getAttribute("data-first-hit"));
  if (first) {
    first.scrollIntoView({ block: "start" });
    first.classList.add("first-hit");
  }
})();
