/**
 * The desk page's HTML shell and style sheet (served as files: the CSP allows no inline
 * script or style). The page script (app.ts) builds everything else from the catalogue.
 */
import { msg } from '../../../shared/i18n';
import { escapeHtml } from '../../table-out';

export function deskShell(): string {
  return (
    '<!doctype html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(msg('ja', 'desk_page_title'))}</title>\n` +
    '<link rel="stylesheet" href="/desk.css">\n<script src="/desk.js" defer></script>\n</head>\n' +
    `<body>\n<div id="app"><p>${escapeHtml(msg('ja', 'desk_page_title'))}</p></div>\n</body>\n</html>\n`
  );
}

export const DESK_CSS = `:root{font-family:system-ui,"Hiragino Sans","Yu Gothic",sans-serif;color:#111;background:#fafafa}
body{margin:0}header{background:#1d3557;color:#fff;padding:.6rem 1rem}header h1{margin:0;font-size:1.3rem}
.en{font-size:.8em;font-weight:normal;color:inherit;opacity:.85}
header .keys{margin:.2rem 0 0;font-size:.85rem}
main{padding:.6rem 1rem;display:grid;gap:.8rem}
section{background:#fff;border:1px solid #ccc;border-radius:6px;padding:.5rem .8rem}
h2{font-size:1.05rem;margin:.2rem 0 .5rem}
.drop{border:2px dashed #666;border-radius:6px;padding:.8rem;text-align:center}
.drop.over{background:#e8f0ff;border-color:#1d3557}
.counts{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;margin:.2rem 0}
.counts li{border:1px solid #999;border-radius:4px;padding:.15rem .5rem}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
.work{display:grid;grid-template-columns:minmax(0,3fr) minmax(18rem,2fr);gap:.8rem}
@media (max-width:900px){.work{grid-template-columns:1fr}}
.queue-wrap{max-height:70vh;overflow:auto}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.25rem .4rem;text-align:left;vertical-align:top}
thead th{position:sticky;top:0;background:#eee}
tr.selected{background:#fff3c4;outline:2px solid #b58900}
tr[data-status=reached] td{color:#2f5f2f}tr[data-status=absent] td{color:#8a4b00}
button.pick{font:inherit;background:none;border:none;color:#0645ad;text-decoration:underline;cursor:pointer;padding:0}
.tier{font-weight:bold}.changed{color:#8a1c1c;font-weight:bold}
.ask fieldset{border:1px solid #bbb;margin:.3rem 0;padding:.2rem .5rem}
.ask legend{font-weight:bold}.ask label{margin-right:.8rem}
.actions button,.export button{font:inherit;padding:.3rem .7rem;margin:.2rem .4rem .2rem 0}
textarea{width:100%;min-height:4rem;font:inherit}
.status-msg{min-height:1.3em;color:#1d3557}
.problems li,.reasons li{margin:.1rem 0}
.columns{display:flex;flex-wrap:wrap;gap:.3rem 1rem}
:focus-visible{outline:3px solid #b58900;outline-offset:2px}
`;
