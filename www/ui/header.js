// The playground's header buttons (the embed page has none): add a pane, the
// linked toggle, Share (the dialog), save the page as PNG, open a saved state.

import { ShareDialog } from './share.js';
import { wireOpen } from './state-file.js';

const $ = (id) => document.getElementById(id);

/**
 * page: { addPane(), savePage(), linked, setLinked(on), report(message),
 * share() → { query, pane, fixed, scene, isScene, step }, pointsId(pts) → the engine's id }.
 */
export function wireHeader(page) {
  $('add').addEventListener('click', () => page.addPane());
  $('png-all').addEventListener('click', () => page.savePage());
  $('linked').checked = page.linked;
  $('linked').addEventListener('change', () => page.setLinked($('linked').checked));
  wireOpen($('open-state'), $('open-file'), page.report, page.pointsId);
  const dialog = new ShareDialog();
  $('share').addEventListener('click', async () => {
    const { query, pane, ...rest } = await page.share();
    dialog.open(query, pane, rest);
  });
}
