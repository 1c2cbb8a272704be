// One sentence that says what the running scene does, from its config.

const DATA = {
  spiral: 'the course\u2019s spiral', moons: 'two moons', rings: 'two rings', gaussians: '8 Gaussians',
  checkerboard: 'a checkerboard', pinwheel: 'a pinwheel', swissroll: 'a swiss roll', ellipse: 'the ellipse',
  circle: 'the circle (two y for each x: a conditional F(x, y))', parabolas: 'two parabolas (a conditional F(x, y))',
  points: 'the points you tap in',
};
const NEG = {
  short_run: 'short-run {sampler} chains from noise', cd: 'CD-k: {sampler} chains started at the data',
  pcd: 'persistent {sampler} chains kept in a replay buffer', corrupt: 'data points plus noise',
  descent: 'gradient descent from the data', kick: 'a random kick from the data, then descent',
};
const SAMPLER = { langevin: 'Langevin', sgld: 'SGLD', mala: 'MALA', hmc: 'HMC', rwmh: 'random-walk Metropolis' };

// Losses other than ML: what each does to the energy, in one clause.
const LOSS = {
  nce: 'noise-contrastive estimation: a logistic classifier tells the data from samples of a Gaussian fitted to them, with log p = \u2212\u03b2E',
  square_square: 'the square-square loss: E(data)\u00b2 is pushed to 0 and negatives are pushed above the margin m',
  hinge: 'the hinge loss: each data point must sit at least the margin m below its negative',
  log: 'the log (soft hinge) loss: softplus(E(data) \u2212 E(negative)) pushes data below its negative, smoothly',
  dsm: 'denoising score matching: at noisy copies of the data, \u2212\u03b2\u2207E must point back to the clean point',
  ssm: 'sliced score matching: the energy is flat at (noisy) data and curves up around it, checked along random directions',
};

/** values: URLSearchParams of the running config. */
export function describe(values) {
  const data = DATA[values.get('data')] ?? values.get('data');
  const loss = values.get('loss');
  if (LOSS[loss]) {
    const neg = ['square_square', 'hinge', 'log'].includes(loss)
      ? `, with negatives from ${(NEG[values.get('neg')] ?? values.get('neg')).replace('{sampler}', SAMPLER[values.get('sampler')] ?? values.get('sampler'))}`
      : '';
    return `An MLP energy E(y) learns ${data} by ${LOSS[loss]}${neg}.`;
  }
  if (values.get('loss') === 'exact') {
    return `An MLP energy E(y) learns ${data} by exact maximum likelihood: the partition function is summed on the grid, so the data are pushed down and every cell is pushed up by its probability.`;
  }
  const neg = (NEG[values.get('neg')] ?? values.get('neg')).replace('{sampler}', SAMPLER[values.get('sampler')] ?? values.get('sampler'));
  return `An MLP energy E(y) learns ${data} by maximum likelihood: it is pushed down on the data (white) and up on negatives from ${neg} (coloured by where they started), with an L2 energy regulariser and the ${values.get('opt') === 'adam' ? 'Adam' : values.get('opt')} optimiser.`;
}
