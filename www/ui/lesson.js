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

/** values: URLSearchParams of the running config. */
export function describe(values) {
  const data = DATA[values.get('data')] ?? values.get('data');
  if (values.get('loss') === 'exact') {
    return `An MLP energy E(y) learns ${data} by exact maximum likelihood: the partition function is summed on the grid, so the data are pushed down and every cell is pushed up by its probability.`;
  }
  const neg = (NEG[values.get('neg')] ?? values.get('neg')).replace('{sampler}', SAMPLER[values.get('sampler')] ?? values.get('sampler'));
  return `An MLP energy E(y) learns ${data} by maximum likelihood: it is pushed down on the data (white) and up on negatives from ${neg} (coloured by where they started), with an L2 energy regulariser and the ${values.get('opt') === 'adam' ? 'Adam' : values.get('opt')} optimiser.`;
}
