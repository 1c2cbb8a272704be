// The code a course author copies (the Share dialog): the link, an iframe of the
// embed page, or the <ebm-playground> tag, for one state. Pure functions of
// strings (tested with node --test).

/** Link keys the embed reads itself; the rest are the state's. */
const EMBED_KEYS = ['hide', 'lock', 'lesson', 'autoplay', 'origins', 'embed'];

/**
 * { link, iframe, tag } for the state `query` (a link's query, with `scene=` when
 * it is a scene), served under `base` (the playground's folder URL, ending in
 * '/'); options: { hide, lock (key lists), lesson, autoplay (booleans), height (px), title }.
 */
export function embedCodes(base, query, { hide = [], lock = [], lesson = false, autoplay = false, height = 480, title = 'EBM Playground' } = {}) {
  const params = new URLSearchParams(query.replace(/^\?/, ''));
  for (const k of EMBED_KEYS) params.delete(k);
  const state = params.toString();
  const extra = new URLSearchParams();
  if (hide.length) extra.set('hide', hide.join(','));
  if (lock.length) extra.set('lock', lock.join(','));
  if (lesson) extra.set('lesson', '1');
  if (autoplay) extra.set('autoplay', '1');
  const embedQuery = [state, extra.toString()].filter(Boolean).join('&');
  const h = Math.max(200, Math.min(4000, Math.round(Number(height) || 480)));
  const iframe = `<iframe src="${attr(`${base}embed.html?${embedQuery}`)}" title="${attr(title)}" width="100%" height="${h}" loading="lazy"></iframe>`;
  const attrs = [...new URLSearchParams(embedQuery)].map(([k, v]) => ` ${k}="${attr(v)}"`).join('');
  const tag = `<script type="module" src="${attr(`${base}ebm-playground.js`)}"></script>\n<ebm-playground${attrs} height="${h}"></ebm-playground>`;
  return { link: `${base}${state ? `?${state}` : ''}`, iframe, tag };
}

/** Text as an HTML attribute value (inside double quotes). */
function attr(s) {
  return String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
