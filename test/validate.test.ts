// The linear-time pattern checks agree with the model's regular expressions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { model } from '../src/generated/cognito-idp/model.js';
import { linearMatcher } from '../src/protocol/validate.js';

test('linear pattern matchers agree with the backtracking regexes on random values', () => {
  const shapes = Object.entries(model.shapes).filter(([, s]) => s.p !== undefined && linearMatcher(s.ps ?? s.p, s.pf));
  assert.ok(
    shapes.some(([name]) => name === 'EmailVerificationMessageByLinkType'),
    'the link template gets a linear matcher',
  );
  const alphabet = ['{', '#', '}', 'a', ' ', '\0', '\n', '*', 'é', '@', '.', '{##', '##}', '{####}'];
  let seed = 42;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  for (const [name, shape] of shapes) {
    const linear = linearMatcher(shape.ps ?? shape.p!, shape.pf)!;
    const re = new RegExp(`^(?:${shape.ps ?? shape.p})$`, shape.pf);
    for (let i = 0; i < 3000; i++) {
      const v = Array.from({ length: rand(12) }, () => alphabet[rand(alphabet.length)]).join('');
      assert.equal(linear(v), re.test(v), `${name} on ${JSON.stringify(v)}`);
    }
  }
});
