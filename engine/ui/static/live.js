// Live updates: poll /api/state; when anything changed, re-fetch this page and swap in its content.
(function () {
  "use strict";
  let version = null;
  async function tick() {
    try {
      const state = await (await fetch("/api/state", { cache: "no-store" })).json();
      if (version !== null && state.version !== version) {
        const html = await (await fetch(location.href, { cache: "no-store" })).text();
        const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("content");
        if (fresh) document.getElementById("content").replaceWith(fresh);
      }
      version = state.version;
      document.body.classList.toggle("live", state.running_jobs.length > 0);
    } catch (e) {
      document.body.classList.remove("live");  // the application stopped; keep the last view
    }
  }
  tick();
  setInterval(tick, 1000);
})();
