// Format detection from extension and content.
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/archive/detect.js';

describe('detectFormat', () => {
  it.each([
    ['a.txt', 'A title\n\nA paragraph.', 'text'],
    ['noext', 'A title\n\nA paragraph.', 'text'],
    ['a.txt', '[Update] A title\n\nA paragraph.', 'text'],
    ['a.jsonl', '{"title":"a"}\n{"title":"b"}', 'jsonl'],
    ['a.json', '{"title":"a"}\n{"title":"b"}', 'jsonl'],
    ['a.json', '{\n  "posts": []\n}', 'json'],
    ['a.json', '[{"title":"a"}]', 'json'],
    ['a.txt', '[\n  {"title":"a"}\n]', 'json'],
    ['a.xml', '<?xml version="1.0"?>\n<!-- c -->\n<rss version="2.0"><channel>', 'rss'],
    ['feed', '\uFEFF<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">', 'wxr'],
    ['a.xml', '<rss version="2.0"><channel><item><wp:post_type>post</wp:post_type>', 'wxr'],
    ['a.atom', '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', 'atom'],
    ['a.rdf', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', 'rss'],
  ])('%s %j → %s', (file, head, format) => {
    expect(detectFormat(file, head)).toBe(format);
  });

  it.each([
    ['a.csv', 'title,body\nA,B'],
    ['a.md', '# Notes\n\nSome text.'],
    ['a.xml', '<html><body></body></html>'],
    ['a.xml', 'not xml at all'],
    ['a.txt', 'PNG\u0000\u0000binary'],
    ['a.txt', '   \n '],
  ])('%s %j → unknown', (file, head) => {
    expect(detectFormat(file, head)).toBeUndefined();
  });
});
