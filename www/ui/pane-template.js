// One pane's DOM, shared by the playground (index.html) and the embed page
// (embed.html): its heat map, transport, readouts, sampler settings, views and
// controls. Pane (pane.js) clones it and finds its parts by data-role.

const PANE_HTML = `
<article class="pane">
  <div class="pane-head">
    <span class="swatch" data-role="swatch"></span>
    <h2 data-role="title">Pane 1</h2>
    <button type="button" class="remove" data-role="remove" hidden>Remove</button>
  </div>
  <div class="pane-body">
    <section class="stage">
      <p class="caption"><span data-role="plane" aria-live="polite"></span> <span class="cursor" data-role="cursor"></span></p>
      <canvas class="energy" data-role="energy" width="640" height="580" role="img" aria-label="heat map of the energy, with the data and the negatives"></canvas>
      <canvas class="panel" data-role="panel" hidden role="img" aria-label="the open panel: the slice at x₀, free-energy cross-sections, or E(y, z) against z"></canvas>
      <div class="transport">
        <button type="button" data-role="play" disabled>Play</button>
        <button type="button" data-role="stepbtn" disabled>Step</button>
        <button type="button" data-role="reset" disabled>Reset</button>
        <button type="button" data-role="newseed" disabled title="a fresh random seed: new data draw and new initial weights (it goes into the link)">New seed</button>
        <button type="button" data-role="phasebtn" hidden title="one training step in three phases: sample the negatives, push down on the data, pull up on the negatives">Step by phase</button>
      </div>
      <p class="saves"><span>Save</span>
        <button type="button" data-role="png" title="this pane's figure (heat map, axes, colour bar, open panel) as a PNG">figure (PNG)</button>
        <button type="button" data-role="json" title="config, step, state hash and weights as JSON; open it again (Open a saved state, or drop it on the page) to get this exact state back">state (JSON)</button>
        <button type="button" data-role="pytorch" title="a standalone PyTorch script: this data, this MLP with its weights, its loss, sampler and optimiser, ready to train on">PyTorch script</button></p>
      <p class="phase" data-role="phase-text" aria-live="polite" hidden></p>
      <div class="points-tools" data-role="points" hidden>
        <p class="hint">Your points: tap the plane to add one, press and drag to paint a stroke, or type them under Paste points.</p>
        <button type="button" data-act="undo">Undo</button>
        <button type="button" data-act="clear">Clear</button>
        <button type="button" data-act="upload" title="a CSV or text file: one point per line, like 0.5,-1.2 (a header line is fine)">Load a CSV file…</button>
        <input type="file" accept=".csv,.txt,text/csv,text/plain" hidden>
        <details>
          <summary>Paste points</summary>
          <textarea rows="4" aria-label="points to load, one per line like 0.5,-1.2" placeholder="x,y
0.5,-1.2
1.0,0.3"></textarea>
          <button type="button" data-act="paste">Load these points</button>
        </details>
      </div>
      <dl class="readout">
        <div><dt>step</dt><dd data-role="m-step">0</dd></div>
        <div><dt>loss</dt><dd data-role="m-loss">–</dd></div>
        <div><dt>E₊ (data)</dt><dd data-role="m-epos">–</dd></div>
        <div><dt>E₋ (negatives)</dt><dd data-role="m-eneg">–</dd></div>
        <div title="exact held-out negative log-likelihood, from the grid"><dt>NLL test</dt><dd data-role="m-nll">–</dd></div>
        <div><dt>steps/s</dt><dd data-role="m-rate">–</dd></div>
      </dl>
      <div class="sampling">
        <label>samples from the model
          <select data-role="chains" disabled>
            <option value="0">off</option><option value="1000">1,000 chains</option>
            <option value="10000">10,000 chains</option><option value="100000">100,000 chains</option>
            <option value="1000000">1,000,000 chains</option>
          </select></label>
        <label>heat map
          <select data-role="res" disabled><option value="128">128²</option><option value="256">256²</option><option value="512">512²</option></select></label>
        <label>on
          <select data-role="backend" disabled><option value="auto">GPU if faster</option><option value="gpu">GPU</option><option value="cpu">CPU</option></select></label>
        <p class="status" data-role="sampler-status" aria-live="polite"></p>
        <p class="status" data-role="sampler-diagnostics" aria-live="polite"></p>
        <p class="status warning" data-role="sampler-warning" aria-live="polite"></p>
        <p class="status" data-role="grid-status" aria-live="polite"></p>
      </div>
    </section>
    <div class="scene">
      <p class="lesson" data-role="lesson"></p>
      <details class="views" data-role="views-box" open>
        <summary>Views</summary>
        <form data-role="views" autocomplete="off"></form>
      </details>
      <details data-role="settings" open>
        <summary>Settings</summary>
        <form data-role="controls" autocomplete="off"></form>
      </details>
    </div>
  </div>
</article>
  
`;

let template = null;

/** The <template> every pane is cloned from (built once). */
export function paneTemplate() {
  if (!template) {
    template = document.createElement('template');
    template.innerHTML = PANE_HTML.trim();
  }
  return template;
}
