// Opens the presenter's window from the audience's *Presenter view* button, at the address
// that carries the briefing's code, without the code ever being drawn on the audience screen.
//
// A browser lets a page open a window only while it handles a click, but the address is known
// only once the server has answered that click. So the click opens (or finds) the window
// named "srrp-presenter" at once, blank, and the address is given to it when the server's
// answer arrives, the next time this function is called with new data.
const BUTTON = ".st-key-slide_presenter button";
const NAME = "srrp-presenter";
let reserved = null;  // the window opened by the last click, still waiting for its address
let wanted = 0;  // the launch that click asked for
let seen = 0;  // the launches the server has answered so far

function onClick(event) {
  if (!(event.target instanceof Element) || !event.target.closest(BUTTON)) return;
  reserved = window.open("", NAME);
  wanted = seen + 1;
}

export default function (component) {
  const { url, launches } = component.data || {};
  seen = launches || 0;
  if (reserved && url && seen >= wanted) {
    reserved.location.href = new URL(url, location.href).href;
    reserved.focus();
    reserved = null;
  }
  document.addEventListener("click", onClick, true);
  return () => document.removeEventListener("click", onClick, true);
}
