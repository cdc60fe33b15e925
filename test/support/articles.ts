// Small archives for tests: an article maker, four short articles on distinct subjects (one or two
// chunks each, so the real model stays fast), and a second version of them for incremental re-index.
import { articleId, type Article } from '../../src/archive/article.js';

export function article(title: string, body: string, extra: Partial<Article> = {}): Article {
  const a = { title, body, tags: [], origin: { file: 'test.txt', line: 1 }, date: '2019-03-18', ...extra } as Article;
  return { ...a, id: extra.id ?? articleId(a) };
}

/** A small archive on distinct subjects, one or two short chunks each (keeps the real model fast). */
export function sampleArticles(): Article[] {
  return [
    article(
      'Dissidents suspected in raid on North Korean embassy in Madrid',
      'An obscure North Korean dissident group was most likely behind a violent raid on the embassy in Madrid. ' +
        'Ten assailants tied up the staff and took computer hard drives. Spanish police said the attack was meticulously planned.',
      { author: 'Joseph Fitsanakis', date: '2019-03-18', url: 'https://intelnews.org/2019/03/18/01-2530/' },
    ),
    article(
      'French Senate official arrested for spying for North Korea',
      'A senior civil servant in the upper house of the French parliament was arrested on suspicion of spying for Pyongyang. ' +
        'Officers of the DGSI searched his office in the Senate.',
      { author: 'Joseph Fitsanakis', date: '2018-11-27', url: 'https://intelnews.org/2018/11/27/01-2422/' },
    ),
    article(
      'Russian military hackers targeted chemical weapons watchdog',
      'Dutch counterintelligence expelled four officers of the GRU who tried to hack the Organisation for the Prohibition of Chemical Weapons in The Hague. ' +
        'A car full of equipment was parked next to the building.',
      { author: 'Ian Allen', date: '2018-10-05', url: 'https://intelnews.org/2018/10/05/01-2389/' },
    ),
    article(
      'Israeli spy agency recruited informants through fake job ads, El País says',
      'Mossad placed advertisements for consulting work on social media to recruit sources in Iran and Lebanon. ' +
        'Respondents were asked about their military experience.',
      { author: 'Ian Allen', date: '2019-01-10', url: 'https://intelnews.org/2019/01/10/01-2450/' },
    ),
  ];
}

/** v1: the sample archive; v2: one article edited, one removed, one added. */
export function variant(which: 'v1' | 'v2'): Article[] {
  const arts = sampleArticles();
  if (which === 'v1') return arts;
  return [
    { ...arts[0], body: `${arts[0].body} A zebra-striped getaway van was later found abandoned.` },
    arts[1],
    arts[3],
    article(
      'Canadian navy officer jailed',
      'A Canadian naval intelligence officer was sentenced for selling secrets to Russia.',
      { date: '2013-02-08' },
    ),
  ];
}
