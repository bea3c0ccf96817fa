/**
 * The inline CSS and the Explore script of the HTML report (render-html.ts). Both are constants, so
 * the report is one self-contained file: no fonts, stylesheets or scripts are fetched.
 */

export const REPORT_CSS = `
:root{color-scheme:light;--ink:#1d232a;--muted:#5a6470;--line:#d6dbe1;--soft:#f3f5f7;--accent:#2f5f8f}
*{box-sizing:border-box}
html{scroll-padding-top:3.2rem}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);background:#fff}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,select:focus-visible,input:focus-visible,summary:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.4rem .8rem;z-index:10}
.skip:focus{left:.5rem}
.topnav{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line)}
.topnav ul{list-style:none;margin:0 auto;padding:.45rem 1rem;max-width:62rem;display:flex;gap:1.1rem;overflow-x:auto;white-space:nowrap;font-size:.9rem}
.topnav a{text-decoration:none}
main,header.report,footer.report{max-width:62rem;margin:0 auto;padding:0 1rem}
header.report{padding-top:1.5rem}
header.report .meta{color:var(--muted);margin:.2rem 0}
h1{font-size:2rem;line-height:1.2;margin:.4rem 0}
h2{font-size:1.55rem;margin:2.6rem 0 .6rem;padding-top:.6rem;border-top:3px solid var(--accent)}
h3{font-size:1.25rem;margin:2rem 0 .5rem}
h4,h5,h6{font-size:1.05rem;margin:1.4rem 0 .4rem}
nav.toc{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:.6rem 1.2rem;margin:1rem 0}
nav.toc h2{border:0;margin:.3rem 0;padding:0;font-size:1.1rem}
nav.toc ol{margin:.2rem 0;padding-left:1.3rem}
nav.toc ol ol{columns:2 16rem;font-size:.93rem}
.figures{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0;padding:0}
.figures div{border:1px solid var(--line);border-radius:6px;padding:.5rem .9rem;min-width:9rem}
.figures dt{color:var(--muted);font-size:.85rem}
.figures dd{margin:0;font-size:1.5rem;font-weight:600}
.figures .note{display:block;font-size:.8rem;font-weight:400;color:var(--muted)}
.table-wrap{overflow-x:auto;margin:.8rem 0}
table{border-collapse:collapse;font-size:.9rem;min-width:50%}
caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{border-bottom:1px solid var(--line);padding:.25rem .6rem;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid var(--ink);vertical-align:bottom}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.flagged>*{background:#fff6d6}
p.note{color:var(--muted);font-size:.85rem;margin:.2rem 0}
figure.chart{margin:1.2rem 0;break-inside:avoid;page-break-inside:avoid}
figure.chart svg{max-width:100%;height:auto;display:block}
figure.chart svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
figcaption{font-weight:600;margin-bottom:.3rem}
details{margin:.4rem 0}
summary{cursor:pointer;color:var(--accent)}
blockquote.quote{margin:.8rem 0;padding:.4rem .9rem;border-left:4px solid var(--accent);background:var(--soft)}
blockquote.quote p{margin:0;white-space:pre-line}
.prov{color:var(--muted);font-size:.85rem}
ul.quotes,ol.explore{padding-left:0;list-style:none}
ul.checklist{list-style:none;padding-left:0}
ul.checklist li{margin:.35rem 0;padding-left:1.6rem;position:relative}
ul.checklist li::before{content:"\\2610";position:absolute;left:0}
ul.checklist li.acted::before{content:"\\2611";color:#2e7d32}
.tip-id{font-weight:600;margin-right:.3rem}
form.filters{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:end;background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:.7rem 1rem}
form.filters label{display:flex;flex-direction:column;font-size:.85rem;gap:.15rem}
form.filters select,form.filters input{font:inherit;font-size:.9rem;padding:.2rem .3rem;max-width:16rem}
form.filters button{font:inherit;font-size:.9rem;padding:.25rem .8rem}
.count{font-weight:600}
ol.explore li{border-bottom:1px solid var(--line);padding:.5rem 0;white-space:pre-line}
ol.explore small{display:block;color:var(--muted);font-size:.85rem}
[hidden]{display:none!important}
footer.report{color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);margin-top:3rem;padding-bottom:2rem}
@media print{
  @page{margin:16mm 14mm}
  body{font-size:11pt}
  .topnav,nav.toc,.skip,form.filters,summary{display:none}
  main>section{break-before:page;page-break-before:always}
  main>section:first-child{break-before:auto;page-break-before:auto}
  h2,h3,h4{break-after:avoid;page-break-after:avoid}
  figure.chart,blockquote,tr,.figures div{break-inside:avoid;page-break-inside:avoid}
  a{color:inherit;text-decoration:none}
  .table-wrap{overflow:visible}
}
`.trim();

/**
 * The Explore filters. Runs only when the page has the Explore form: reveals it (it is `hidden` in
 * the markup, so without scripts the plain list shows and no dead controls do), then on every change
 * toggles `hidden` on the server-rendered list items and writes the count with textContent. It never
 * parses data as HTML. Filter values are tokens; an item matches when its `data-<facet>` attribute,
 * split on spaces, contains the chosen token.
 */
export const EXPLORE_SCRIPT = `
(function(){
var f=document.getElementById('explore-filters'),l=document.getElementById('explore-list'),c=document.getElementById('explore-count');
if(!f||!l||!c)return;
var items=[].slice.call(l.children),keys=['lever','memoq','code','role','site'],tpl=c.getAttribute('data-template')||'{n}';
var texts=items.map(function(li){return li.textContent.toLowerCase();});
function has(li,k,v){return !v||(' '+(li.getAttribute('data-'+k)||'')+' ').indexOf(' '+v+' ')>=0;}
function run(){
var q=f.elements['f-text'].value.trim().toLowerCase(),n=0,sel={};
keys.forEach(function(k){var e=f.elements['f-'+k];sel[k]=e?e.value:'';});
items.forEach(function(li,i){
var ok=keys.every(function(k){return has(li,k,sel[k]);})&&(!q||texts[i].indexOf(q)>=0);
li.hidden=!ok;if(ok)n++;
});
c.textContent=tpl.split('{n}').join(String(n));
}
f.addEventListener('input',run);
f.addEventListener('change',run);
f.addEventListener('submit',function(e){e.preventDefault();run();});
f.addEventListener('reset',function(){setTimeout(run,0);});
f.hidden=false;
run();
})();
`.trim();
