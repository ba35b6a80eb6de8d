// The claim page: bring the first highlighted evidence into view, inside the document's own
// scrolling box and on the page, so a reader lands on the sentence the claim rests on.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var mark = document.getElementById("evidence-1");
  if (!mark) { return; }
  mark.scrollIntoView({ block: "center", inline: "nearest" });
  document.body.dataset.evidenceShown = "1"; // for the browser tests
});
