// One sentence that says what the running scene does, from its config.

const DATA = {
  spiral: 'the course\u2019s spiral', moons: 'two moons', rings: 'two rings', gaussians: '8 Gaussians',
  checkerboard: 'a checkerboard', pinwheel: 'a pinwheel', swissroll: 'a swiss roll', ellipse: 'the ellipse',
  circle: 'the circle (two y for each x: a conditional energy)', parabolas: 'two parabolas (a conditional energy)',
  horn: 'the horn (y \u2208 R\u00b2 on ellipses that grow with x)', points: 'the points you tap in',
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

// The other models (lecture §2, §4, §5), red marks and lines are the model's own.
const MODEL = {
  ellipse: 'the latent-variable ellipse E(y, z) = \u2016y \u2212 (w\u2081cos z, w\u2082sin z)\u2016\u00b2 learns {data}; the heat map is the free energy {F}, with z on {Z} angles, red dots the predictions \u0233(z)',
  latent: 'a net decoder g(z) with continuous z \u2208 R\u00b2 learns {data}; the heat map is the free energy {F}, red dots the predictions g(z) on the z grid',
  codes: 'a net decoder with K discrete codes learns {data}; the heat map is the free energy {F}, red dots the K predictions',
  horn: 'the horn E(x, y, z) = \u2016y \u2212 f(x) \u2299 (cos z, sin z)\u2016\u00b2 learns y from x; the plane shows the free energy {F} at the chosen x, red dots the predictions there',
  kmeans: 'K-means as an energy: F(y) = min_k \u2016y \u2212 w_k\u2016\u00b2 on {data}; the red dots are the prototypes, and only they have zero energy',
  pca: 'PCA as an energy: the squared distance to a learned line through the mean of {data} (red)',
  sparse: 'sparse coding: E = \u2016y \u2212 Wz\u2016\u00b2 + \u03bb\u2016z\u2016\u2081 with z found by FISTA; the dictionary learns {data}',
  dae: 'a denoising autoencoder learns {data} from noisy copies; its energy is the reconstruction error, and red arrows show where it sends each point',
  mae: 'a masked autoencoder hides one coordinate of {data} and reconstructs it from the other; its energy is the reconstruction error',
  target: 'a fixed energy {E}, nothing learned: {target}',
  regression: 'squared-error regression \u0177 = f(x) on {data}: it predicts the mean between the branches, where no data are',
};

// model=target: what each fixed energy is.
const TARGET = {
  circle: 'F(x, y) = (x\u00b2 + y\u00b2 \u2212 1)\u00b2 is zero on the unit circle, so each x between \u22121 and 1 has two y of lowest energy',
  banana: 'the banana E = y\u2081\u00b2/8 + 2(y\u2082 \u2212 (y\u2081\u00b2 \u2212 4)/4)\u00b2, a curved valley samplers must follow',
  double_well: 'the double well E = 2(y\u2081\u00b2 \u2212 1)\u00b2 + y\u2082\u00b2/2, two modes a chain must cross between',
  mixture: 'the 8-Gaussians mixture, eight narrow modes on a circle',
  donut: 'the donut, a thin ring of radius 2.6',
  funnel: 'Neal\u2019s funnel, whose neck is hard to enter',
  gaussian: 'the unit Gaussian E = \u00bd\u2016y\u2016\u00b2',
};

/**
 * values: URLSearchParams of the running config; plane: what the heat map shows,
 * from the engine ({ label, latent_values }: Playground.plane()).
 */
export function describe(values, plane = { label: 'E(y)', latent_values: 0 }) {
  const data = DATA[values.get('data')] ?? values.get('data');
  const model = MODEL[values.get('model')];
  const e = plane.label;
  if (model) {
    const free = e.startsWith('F\u221e') ? `${e} = min over z` : e;
    const text = model.replace('{data}', data).replace('{E}', e).replace('{target}', TARGET[values.get('target')] ?? values.get('target')).replace('{F}', free).replace('{Z}', String(plane.latent_values));
    return `${text[0].toUpperCase()}${text.slice(1)}.`;
  }
  const loss = values.get('loss');
  if (LOSS[loss]) {
    const neg = ['square_square', 'hinge', 'log'].includes(loss)
      ? `, with negatives from ${(NEG[values.get('neg')] ?? values.get('neg')).replace('{sampler}', SAMPLER[values.get('sampler')] ?? values.get('sampler'))}`
      : '';
    return `An MLP energy ${e} learns ${data} by ${LOSS[loss]}${neg}.`;
  }
  if (values.get('loss') === 'exact') {
    return `An MLP energy ${e} learns ${data} by exact maximum likelihood: the partition function is summed on the grid, so the data are pushed down and every cell is pushed up by its probability.`;
  }
  const neg = (NEG[values.get('neg')] ?? values.get('neg')).replace('{sampler}', SAMPLER[values.get('sampler')] ?? values.get('sampler'));
  return `An MLP energy ${e} learns ${data} by maximum likelihood: it is pushed down on the data (white) and up on negatives from ${neg} (coloured by where they started), trained by ${values.get('opt') === 'adam' ? 'Adam' : values.get('opt')}${Number(values.get('l2')) > 0 ? ' with an L2 energy regulariser' : ''}.`;
}
