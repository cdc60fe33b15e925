// The glued-caption heuristic: cuts real captions, leaves camel-case words and plain sentences alone.
import { describe, expect, it } from 'vitest';
import { splitGluedCaption } from '../../src/archive/formats/caption.js';

describe('splitGluedCaption', () => {
  it.each([
    ['North Korea SpainAn obscure North Korean dissident group was', 'North Korea Spain', 'An obscure'],
    ['Jo Song-gilThe acting ambassador of North Korea', 'Jo Song-gil', 'The acting'],
    ['Benoît QuennedeyA senior civil servant in the upper house', 'Benoît Quennedey', 'A senior'],
    [
      'Pyongyang Restaurant in Jakarta, IndonesiaA group of 12 female',
      'Pyongyang Restaurant in Jakarta, Indonesia',
      'A group',
    ],
    ['Computer hackingA computer hacking group with links', 'Computer hacking', 'A computer'],
    ['Mike Pompeo North KoreaWith presidential approval, the', 'Mike Pompeo North Korea', 'With presidential'],
    ['Vladimir PutinRussian officials said on Monday that', 'Vladimir Putin', 'Russian officials'],
    ['KGB headquartersThe former Soviet spy agency', 'KGB headquarters', 'The former'],
    ['Lubyanka KGBThe former Soviet spy agency', 'Lubyanka KGB', 'The former'],
    ['McAfee headquartersThe security firm said', 'McAfee headquarters', 'The security'],
    ['Gina Haspel 2018CIA officials said', 'Gina Haspel 2018', 'CIA officials'],
    ['CIA headquarters in LangleyThe agency said', 'CIA headquarters in Langley', 'The agency'],
    ['Vladimir Putin“We will respond,” said the Russian president', 'Vladimir Putin', '“We will'],
    ['Hezbollah“Our fighters are ready,” said a spokesman', 'Hezbollah', '“Our fighters'],
  ])('%s', (paragraph, caption, start) => {
    const s = splitGluedCaption(paragraph);
    expect(s?.caption).toBe(caption);
    expect(s?.rest.startsWith(start)).toBe(true);
  });

  it.each([
    'McAfee said on Sunday that Lazarus was behind the campaign.',
    'The CIA has maintained a secret channel with North Korea.',
    'Citing sources, the Seoul-based JoongAng Ilbo said that the diplomat had fled.',
    'LinkedIn said it had removed the fake recruiter profiles.',
    'Officials told DeTrani that the meeting was off.',
    'iPhone owners were targeted by the spyware, said researchers.',
    'The spy, codenamed DarkOn, was arrested in Vienna.',
    'A senior officer named FitzGerald was recalled.',
    'He said “The agency is compromised” and left.',
    'In 2014, the hackers released films. They also leaked emails.',
    'Short.',
    '',
  ])('leaves alone: %s', (paragraph) => {
    expect(splitGluedCaption(paragraph)).toBeUndefined();
  });

  it('treats a glued token that recurs in the post as a real word', () => {
    const first = 'Operation DreamOn was launched in 2017.';
    // alone, "DreamOn" looks like caption "Operation Dream" + "On …"
    expect(splitGluedCaption(first)?.caption).toBe('Operation Dream');
    // but the post uses it as a word again: it is a name, not glue
    expect(splitGluedCaption(first, `${first}\n\nAnalysts say Operation DreamOn targeted banks.`)).toBeUndefined();
  });
});
