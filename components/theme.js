// The theme asked for in the sidebar (and the URL), whatever the computer says.
//
// Streamlit chooses its theme as the page loads: light or dark when the address says
// `embed_options=light_theme` or `embed_options=dark_theme`, else the computer's setting. When
// the page shows the other theme, load it again with the one asked for. Once only: were the
// theme still the other after that load, loading again would never end.
const ONCE = "srrp-theme-asked";

function shownDark() {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return null;
  const rgb = (getComputedStyle(app).backgroundColor.match(/\d+/g) || []).map(Number);
  if (rgb.length < 3) return null;
  return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] < 128;
}

export default function ({ data }) {
  const asked = data && data.theme;
  const dark = shownDark();
  if (!asked || dark === null) return;
  const wantDark = asked === "auto" ? matchMedia("(prefers-color-scheme: dark)").matches
    : asked === "dark";
  if (dark === wantDark) { sessionStorage.removeItem(ONCE); return; }
  if (sessionStorage.getItem(ONCE) === asked) return;
  sessionStorage.setItem(ONCE, asked);
  const url = new URL(location.href);
  url.searchParams.delete("embed_options");
  if (asked === "auto") url.searchParams.delete("theme");
  else {
    url.searchParams.set("theme", asked);
    url.searchParams.append("embed_options", `${asked}_theme`);
  }
  location.replace(url.toString());
}
