// Bosun's one enhancement script (DESIGN §6): every page works without it. It listens to /ui/live (server-sent
// events) and, when an event the page cares about is stored, fetches the page again and swaps each
// [data-live-region] that changed, keeping the one that holds the focus until it is left. It also shows the copy
// buttons of event payloads.
(() => {
  "use strict";
  const body = document.body;
  document.addEventListener("click", (e) => {
    const button = e.target.closest("button[data-copy]");
    if (!button) return;
    const source = document.getElementById(button.dataset.copy);
    if (source && navigator.clipboard) {
      navigator.clipboard.writeText(source.textContent).then(() => { button.textContent = "Copied"; });
    }
  });
  const showCopy = () => document.querySelectorAll("button[data-copy]").forEach((b) => { b.hidden = !navigator.clipboard; });
  showCopy();

  const live = body.dataset.live;
  const status = document.getElementById("live-status");
  if (!live || !window.EventSource || !status) return;
  let busy = false, again = false, held = false;

  const say = (text) => { status.textContent = text; };
  const now = () => new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });

  async function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    try {
      const response = await fetch(location.href, { credentials: "same-origin", headers: { "x-bosun-live": "1" } });
      if (response.redirected && new URL(response.url).pathname === "/login") { location.reload(); return; }
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      held = false;
      document.querySelectorAll("[data-live-region]").forEach((region) => {
        const next = fresh.querySelector(`[data-live-region="${region.dataset.liveRegion}"]`);
        if (!next || next.innerHTML === region.innerHTML) return;
        if (region.contains(document.activeElement) && document.activeElement !== document.body) { held = true; return; }
        region.replaceWith(document.importNode(next, true));
      });
      showCopy();
      say("updated " + now());
      status.dataset.updated = String(Date.now());
    } catch {
      say("could not update; refresh");
    } finally {
      busy = false;
      if (again) { again = false; refresh(); }
    }
  }

  document.addEventListener("focusout", () => { if (held) setTimeout(refresh, 0); });
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") refresh(); });
  const source = new EventSource(live);
  let lost = false;
  source.addEventListener("hello", () => { say("live"); if (lost) { lost = false; refresh(); } });
  source.addEventListener("keptn", refresh);
  source.addEventListener("resync", refresh);
  source.onerror = () => {
    lost = true;
    say(source.readyState === EventSource.CLOSED ? "offline; refresh" : "reconnecting…");
  };
})();
