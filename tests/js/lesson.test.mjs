import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitMath, fill } from '../../www/lesson/render.js';

test('lesson text splits into text and $…$ / $$…$$ formulas; \\$ is a dollar; an unclosed $ stays text', () => {
  assert.deepEqual(splitMath('E is $F(x, y)$, costs \\$5, then $$a^2$$ end $x'), [
    { text: 'E is ' },
    { tex: 'F(x, y)', display: false },
    { text: ', costs $5, then ' },
    { tex: 'a^2', display: true },
    { text: ' end $x' },
  ]);
  assert.deepEqual(splitMath('no maths'), [{ text: 'no maths' }]);
  assert.deepEqual(splitMath('$$'), [{ text: '$$' }]);
});

test('{{key}} takes the running value; unknown keys and TeX braces stay', () => {
  const values = new URLSearchParams('beta=3.2&k=5');
  const valueOf = (k) => values.get(k) ?? undefined;
  assert.equal(fill('at β = {{beta}}: {{nosuch}} z_{k} \\frac{1}{2}', valueOf), 'at β = 3.2: {{nosuch}} z_{k} \\frac{1}{2}');
});
