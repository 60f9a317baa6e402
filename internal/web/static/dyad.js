// dyad dashboard: richer tooltips for the charts. Every page works without this script; the SVG
// marks carry <title> elements that browsers show on their own.
(function () {
  "use strict";
  var tip = document.createElement("div");
  tip.id = "tip";
  tip.setAttribute("role", "tooltip");
  document.body.appendChild(tip);
  var current = null;
  function titleOf(el) {
    for (var n = el; n && n.nodeType === 1 && n.tagName.toLowerCase() !== "svg"; n = n.parentNode) {
      for (var c = n.firstElementChild; c; c = c.nextElementSibling) {
        if (c.tagName.toLowerCase() === "title") return c;
      }
    }
    return null;
  }
  document.addEventListener("mouseover", function (ev) {
    var t = ev.target instanceof Element && ev.target.closest("svg.chart") ? titleOf(ev.target) : null;
    if (!t) { tip.style.display = "none"; current = null; return; }
    if (t !== current) {
      current = t;
      // The native tooltip would show too: move the text into a data attribute while hovered.
      if (t.textContent) { t.setAttribute("data-text", t.textContent); t.textContent = ""; }
      tip.textContent = t.getAttribute("data-text");
    }
    tip.style.display = "block";
  });
  document.addEventListener("mousemove", function (ev) {
    if (tip.style.display !== "block") return;
    var x = ev.clientX + 14, y = ev.clientY + 14;
    if (x + tip.offsetWidth > window.innerWidth - 8) x = ev.clientX - tip.offsetWidth - 14;
    if (y + tip.offsetHeight > window.innerHeight - 8) y = ev.clientY - tip.offsetHeight - 14;
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  });
})();
