// The example course page's own script: the buttons of section 5 drive a figure
// through the <ebm-playground> element's methods (the embed API).

const driven = document.getElementById('driven');
const status = document.getElementById('driven-status');
const buttons = [['cold', '10'], ['warm', '0.1']].map(([id, beta]) => [document.getElementById(id), beta]);

async function drive(beta) {
  for (const [b] of buttons) b.disabled = true;
  try {
    status.textContent = `Setting β = ${beta}…`;
    await driven.set('beta', beta);
    const step = await driven.step(100);
    status.textContent = `β = ${beta}, step ${step}: state ${await driven.hash()}.`;
  } catch (e) {
    status.textContent = `The figure refused: ${e.message}`;
  } finally {
    for (const [b] of buttons) b.disabled = false;
  }
}

for (const [button, beta] of buttons) button.addEventListener('click', () => drive(beta));
driven.addEventListener('ready', () => {
  for (const [b] of buttons) b.disabled = false;
  status.textContent = 'Ready: press a button.';
});
driven.addEventListener('diverged', (e) => { status.textContent = `Diverged at step ${e.detail.step}: ${e.detail.message}`; });
