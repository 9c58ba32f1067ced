// Keys of a slide tool for the briefing, and the size of the screen.
//
// A clicker sends PageDown/PageUp; keyboards add arrows, space, Home/End. B blanks the screen,
// F enters full screen and presentation mode, Esc leaves them. P shows the presenter code for a
// second device, for 30 seconds (or hides it). Any key pauses auto-advance.
// Keys typed into a widget are the widget's: nothing moves while one has focus.
const MOVES = {
  PageDown: "next", ArrowRight: "next", ArrowDown: "next", " ": "next", Enter: "next",
  PageUp: "prev", ArrowLeft: "prev", ArrowUp: "prev", Backspace: "prev",
  Home: "first", End: "last", Escape: "leave",
};
const TYPING = "input, textarea, select, [contenteditable=''], [contenteditable='true'], " +
  "[role='slider'], [role='combobox'], [role='listbox'], [role='spinbutton'], " +
  "[role='textbox'], [role='switch'], [role='checkbox'], [role='menu'], [role='dialog'] *";

function inWidget(target, key) {
  if (!(target instanceof Element)) return false;
  if (target.closest(TYPING)) return true;
  // a focused button or link answers Space and Enter itself
  return (key === " " || key === "Enter") && !!target.closest("button, a, summary");
}

function blank() {
  let cover = document.getElementById("srrp-blank");
  if (cover) { cover.remove(); return; }
  cover = document.createElement("div");
  cover.id = "srrp-blank";
  cover.setAttribute("aria-label", "Screen blanked: press B to show the slide");
  cover.style.cssText = "position:fixed;inset:0;background:#000;z-index:2147483647;";
  document.body.appendChild(cover);
}

// Each key press is named once for this page, so the server acts on it once even when it is
// delivered twice (a press during a timed rerun of the slide show arrives with both runs).
const PAGE = Math.random().toString(36).slice(2);
let sent = 0;

export default function (component) {
  const { setStateValue, setTriggerValue } = component;
  const send = (action) => setTriggerValue("action", `${action}:${PAGE}:${++sent}`);
  const measure = () => setStateValue("viewport", { w: innerWidth, h: innerHeight });
  const onKey = (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (!document.querySelector(".st-key-slide")) return;  // another page is shown
    if (inWidget(event.target, event.key)) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === "b" || key === ".") { blank(); event.preventDefault(); return; }
    if (key === "f") {
      if (!document.fullscreenElement) document.documentElement.requestFullscreen?.().catch(() => {});
      send("present");
      event.preventDefault();
      return;
    }
    if (key === "p") { send("code"); event.preventDefault(); return; }
    if (key in MOVES || event.key in MOVES) {
      send(MOVES[event.key] || MOVES[key]);
      event.preventDefault();
      return;
    }
    send("pause");
  };
  const onFullScreen = () => { if (!document.fullscreenElement) send("leave"); };
  measure();
  addEventListener("resize", measure);
  document.addEventListener("keydown", onKey);
  document.addEventListener("fullscreenchange", onFullScreen);
  return () => {
    removeEventListener("resize", measure);
    document.removeEventListener("keydown", onKey);
    document.removeEventListener("fullscreenchange", onFullScreen);
  };
}
