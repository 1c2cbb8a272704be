import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLoop } from '../../www/loop.js';

// A fake frame scheduler: frames run only when the test says so.
function fakeFrames() {
  let next = 1;
  const queue = new Map();
  return {
    frame: (f) => { queue.set(next, f); return next++; },
    cancel: (id) => queue.delete(id),
    run() { const fs = [...queue.values()]; queue.clear(); fs.forEach((f) => f()); },
    get size() { return queue.size; },
  };
}

test('a quick pause then play never runs two frame chains', () => {
  const frames = fakeFrames();
  let t = 0;
  let work = 0;
  const loop = createLoop({ work: () => { work += 1; t += 20; return true; }, draw() {}, now: () => t, ...frames });
  loop.play();
  loop.pause();
  loop.play();
  assert.equal(frames.size, 1);
  frames.run();
  frames.run();
  assert.equal(work, 2, 'one unit of work per frame with a 10 ms budget and 20 ms units');
  assert.equal(frames.size, 1);
});

test('work returning false stops the loop; stepOnce works while paused', () => {
  const frames = fakeFrames();
  let t = 0;
  let draws = 0;
  const loop = createLoop({ work: () => { t += 1; return false; }, draw: () => { draws += 1; }, now: () => t, ...frames });
  loop.play();
  frames.run();
  assert.equal(loop.running, false);
  assert.equal(frames.size, 0);
  loop.stepOnce();
  assert.equal(draws, 2);
});
