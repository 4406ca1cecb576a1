// regioplan placement pages: live updates. The page listens to /placement/live (server-sent
// events from the database's change feed, so changes made through any server process arrive)
// and, on a change, fetches itself and swaps its [data-live] parts. A part the user is typing
// in is left alone until they leave it. Without this script the pages work as plain forms.
(function () {
  "use strict";
  var body = document.body;
  if (!body || body.dataset.signedIn !== "yes" || !window.EventSource) { return; }
  var status = document.getElementById("live-status");
  var pending = false, busy = false, timer = null, version = 0;

  function show(on, text) {
    if (!status) { return; }
    status.className = "live " + (on ? "on" : "off");
    status.textContent = text || (on ? status.dataset.on : status.dataset.off);
  }

  function clock() {
    var d = new Date();
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2) + ":" +
      ("0" + d.getSeconds()).slice(-2);
  }

  function editing(part) {
    var a = document.activeElement;
    return a && a !== body && part.contains(a) &&
      (a.tagName === "INPUT" || a.tagName === "SELECT" || a.tagName === "TEXTAREA");
  }

  function refresh() {
    if (busy) { pending = true; return; }
    busy = true; pending = false;
    fetch(body.dataset.self, { credentials: "same-origin", headers: { "X-Live": "1" } })
      .then(function (r) {
        if (r.redirected && r.url.indexOf("/login") >= 0) { throw new Error("signed out"); }
        if (!r.ok) { throw new Error("not now"); }  // e.g. 503 while the database is busy
        return r.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var parts = document.querySelectorAll("[data-live]");
        var skipped = false;
        for (var i = 0; i < parts.length; i++) {
          var part = parts[i];
          var fresh = doc.querySelector('[data-live="' + part.dataset.live + '"]');
          if (!fresh) { continue; }
          if (editing(part)) { skipped = true; continue; }
          if (part.innerHTML !== fresh.innerHTML) {
            part.innerHTML = fresh.innerHTML;
            part.classList.remove("flash-live");
            void part.offsetWidth;
            part.classList.add("flash-live");
          }
        }
        version += 1;
        body.dataset.liveVersion = String(version);
        var upd = status ? status.dataset.updated.replace("{time}", clock()) : "";
        show(true, status ? status.dataset.on + " · " + upd : "");
        if (skipped) { pending = true; }
      })
      .catch(function (e) {
        show(false);
        if (e.message !== "signed out") { pending = true; }  // try again shortly
      })
      .then(function () {
        busy = false;
        if (pending) { schedule(1500); }
      });
  }

  function schedule(ms) {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(function () { timer = null; refresh(); }, ms);
  }

  var source = new EventSource(body.dataset.liveUrl + "?after=" + encodeURIComponent(body.dataset.lastEvent || "0"));
  source.addEventListener("open", function () { show(true); body.dataset.liveState = "connected"; });
  source.addEventListener("change", function () { schedule(250); });
  source.addEventListener("error", function () { show(false); body.dataset.liveState = "reconnecting"; });
  document.addEventListener("focusout", function () { if (pending) { schedule(800); } });
})();
