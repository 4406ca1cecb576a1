(function () {
  var tip = document.getElementById("tip");
  if (!tip) { tip = document.createElement("div"); tip.id = "tip"; document.body.appendChild(tip); }
  function find(el) {
    while (el && el !== document) {
      if (el.getAttribute && el.getAttribute("data-tip")) { return el; }
      el = el.parentNode;
    }
    return null;
  }
  document.addEventListener("mousemove", function (ev) {
    var el = find(ev.target);
    if (!el) { tip.style.display = "none"; return; }
    tip.textContent = el.getAttribute("data-tip");
    tip.style.display = "block";
    var x = ev.clientX + 14, y = ev.clientY + 14;
    if (x + tip.offsetWidth > window.innerWidth) { x = ev.clientX - tip.offsetWidth - 10; }
    if (y + tip.offsetHeight > window.innerHeight) { y = ev.clientY - tip.offsetHeight - 10; }
    tip.style.left = x + "px"; tip.style.top = y + "px";
  });
  window.addEventListener("scroll", function () { tip.style.display = "none"; }, {passive: true});
})();
