// src/shared/emoji-data.ts is generated from emoji-datasource (scripts/emoji-data.mjs):
// it must be what the installed package gives, so an update of the package is taken with a
// regenerated module, and the names Mattermost knows are all there.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { expectedModule, OUTPUT } from '../../../scripts/emoji-data.mjs';
import { SYSTEM_EMOJI } from '../../../src/shared/emoji-data.js';

test('src/shared/emoji-data.ts is what scripts/emoji-data.mjs makes of the installed emoji-datasource', () => {
  assert.equal(readFileSync(OUTPUT, 'utf8'), expectedModule());
});

test('every line is a category or an emoji with names a shortcode can hold', () => {
  const lines = SYSTEM_EMOJI.split('\n');
  assert.ok(lines[0]!.startsWith('#'));
  let names = 0;
  for (const line of lines) {
    if (line.startsWith('#')) continue;
    const [char, list, ...rest] = line.split('\t');
    assert.equal(rest.length, 0, line);
    assert.ok(
      char && /\p{Extended_Pictographic}|\p{Regional_Indicator}|[#*0-9]\uFE0F?\u20E3|\p{Emoji_Component}/u.test(char),
      line,
    );
    for (const name of list!.split(' ')) {
      assert.match(name, /^[a-z0-9_+-]+$/);
      names++;
    }
  }
  // Mattermost knows about this many system names (server/public/model/emoji_data.go, before skin tones).
  assert.ok(names > 1900, `${names} names`);
});
