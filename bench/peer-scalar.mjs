// The scalar build as a peer (see peer-core.mjs).
import { makePeer } from './peer-core.mjs';

const peer = makePeer('scalar');
export const { info, init, heatmap, langevin, train_step, energy_grad, loss_grad } = peer;
