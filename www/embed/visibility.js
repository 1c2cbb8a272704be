// The embed page computes only while a reader can see it: the figure in view
// (IntersectionObserver, which inside an iframe measures against the top page's
// viewport) and the tab shown.

/**
 * With { first: true }: a promise that resolves the first time `el` is in
 * view. Else calls hidden() when `el` leaves the view (or the tab is hidden)
 * and shown() when it is back.
 */
export function onVisibility(el, { first = false, hidden = () => {}, shown = () => {} } = {}) {
  let inView = false;
  const visible = () => inView && document.visibilityState === 'visible';
  let was = false;
  let resolveFirst = null;
  const done = first ? new Promise((ok) => { resolveFirst = ok; }) : null;
  const update = () => {
    const now = visible();
    if (first && now) {
      observer.disconnect();
      document.removeEventListener('visibilitychange', update);
      resolveFirst();
      return;
    }
    if (!first && now !== was) (now ? shown : hidden)();
    was = now;
  };
  const observer = new IntersectionObserver((entries) => {
    inView = entries.some((e) => e.isIntersecting);
    update();
  });
  observer.observe(el);
  document.addEventListener('visibilitychange', update);
  return done;
}

/** Keys that only make sense inside an embed: the full playground drops them. */
const EMBED_ONLY = ['embed', 'autoplay', 'origins', 'lesson', 'hide', 'lock'];

/** The playground's (or embed page's) address of link `search`, without the embed-only keys. */
export function embedLink(search, page) {
  const params = new URLSearchParams(search.replace(/^\?/, ''));
  for (const k of EMBED_ONLY) params.delete(k);
  const q = params.toString();
  return `${page}${q ? `?${q}` : ''}`;
}
