/**
 * A host page's global CSS at its most hostile, as a CRM or dashboard ships it: Bootstrap 5's
 * reboot, Tailwind 3's preflight (unlayered, as its build emits it), `html { font-size: 62.5% }`,
 * and the careless global rules a product accumulates (`button`, `textarea`, `*`, `div`, `li`).
 * Every rule is unlayered and comes after the kit's styles.css, which is the worst order for the
 * kit. Used by hostileHost.browser.test.tsx and by the host-integration suite (test/host).
 */
export const HOSTILE_HOST_CSS = `
/* Bootstrap-style reboot */
*, ::before, ::after { box-sizing: border-box; }
html { font-size: 62.5%; }
body { margin: 0; font-family: Georgia, serif; font-size: 1.6rem; line-height: 1.9; color: #212529; background: #fff; letter-spacing: .05em; text-align: center; }
h1, h2, h3, h4, h5, h6 { margin-top: 0; margin-bottom: .5rem; font-weight: 500; line-height: 1.2; }
p { margin-top: 0; margin-bottom: 1rem; }
ol, ul { padding-left: 2rem; margin-top: 0; margin-bottom: 1rem; }
a { color: #0d6efd; text-decoration: underline; }
a:hover { color: #0a58ca; }
img, svg { vertical-align: middle; }
button { border-radius: 0; }
input, button, select, optgroup, textarea { margin: 0; font-family: inherit; font-size: inherit; line-height: inherit; }
button, [type=button], [type=reset], [type=submit] { -webkit-appearance: button; }
button:not(:disabled), [type=button]:not(:disabled) { cursor: pointer; }
textarea { resize: vertical; }
summary { display: list-item; cursor: pointer; }
/* Tailwind-style preflight */
*, ::before, ::after { border-width: 0; border-style: solid; border-color: #e5e7eb; }
blockquote, dl, dd, h1, h2, h3, h4, h5, h6, hr, figure, p, pre { margin: 0; }
ol, ul, menu { list-style: none; margin: 0; padding: 0; }
button, input, optgroup, select, textarea { font-family: inherit; font-size: 100%; font-weight: inherit; line-height: inherit; color: inherit; margin: 0; padding: 0; }
button, [type=button], [type=reset], [type=submit] { background-color: transparent; background-image: none; }
input::placeholder, textarea::placeholder { opacity: 1; color: #9ca3af; }
img, svg, video, canvas, audio, iframe, embed, object { display: block; vertical-align: middle; }
img, video { max-width: 100%; height: auto; }
/* What a product adds over the years */
* { margin: 0; padding: 0; }
button { background: #ff00aa; color: #fff; border: 3px solid #000; padding: 12px 24px; font-size: 20px; text-transform: uppercase; box-shadow: 0 0 0 4px #ff0; }
button:hover, button:focus { background: #000; }
[type=button] { min-height: 60px; }
textarea { border: 4px dashed red; padding: 20px; font-size: 24px; min-height: 200px; background: #ffe; }
div { line-height: 2.5; }
span { letter-spacing: 2px; }
ul li { margin: 10px; }
`;
