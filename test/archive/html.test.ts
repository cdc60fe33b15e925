// HTML bodies → text: paragraphs kept, captions, images and shortcodes dropped, WordPress autop.
import { describe, expect, it } from 'vitest';
import { bodyToText, htmlToPlainText, inlineToText, looksLikeHtml } from '../../src/archive/html.js';

describe('htmlToPlainText', () => {
  it('keeps paragraphs and headings, drops link targets and images, puts captions after the story', () => {
    const html =
      '<figure class="wp-block-image"><img src="x.jpg" alt="Kim"/><figcaption>Kim Jong-un</figcaption></figure>' +
      '<h2>The attack</h2><p>First <a href="https://e.com">linked</a> paragraph.</p>\n<p>Second&nbsp;paragraph &#8212; with an entity.</p>' +
      '<ul><li>one</li><li>two</li></ul><script>alert(1)</script>';
    expect(htmlToPlainText(html)).toBe(
      'The attack\n\nFirst linked paragraph.\n\nSecond paragraph — with an entity.\n\n* one\n* two\n\nKim Jong-un',
    );
  });

  it('makes paragraphs from blank lines when WordPress stored no <p> tags; [caption] text follows the story', () => {
    const raw =
      '[caption id="a" width="150"]<img src="x.jpg" /> Andrew Kim[/caption]A senior expert\nresigned.\n\nSecond paragraph [of the story].';
    expect(htmlToPlainText(raw)).toBe('A senior expert\nresigned.\n\nSecond paragraph [of the story].\n\nAndrew Kim');
  });

  it('leaves plain text alone apart from tidying', () => {
    expect(looksLikeHtml('Plain text with [brackets] and a < b.')).toBe(false);
    expect(bodyToText('  One.\r\n\r\n\r\nTwo  words.  ')).toBe('One.\n\nTwo words.');
    expect(inlineToText('Spy&#8217;s <em>tale</em>')).toBe('Spy’s tale');
    expect(inlineToText('  A   title ')).toBe('A title');
  });
});
