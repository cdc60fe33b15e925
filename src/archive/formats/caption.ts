// Finds an image caption glued to the first word of a scraped post body
// ("North Korea SpainAn obscure…" → caption "North Korea Spain", body "An obscure…").
// Pure and conservative: when in doubt, nothing is cut.

/** Words that commonly open a news sentence: a split before one of these is very likely right. */
const STARTERS = new Set(
  (
    'A An The This That These Those In On At As After Before According Following For From With Without While When Whenever ' +
    'Since During Despite Although Though Last Earlier Late Early Two Three Four Five Six Seven Eight Nine Ten Several Many Some ' +
    'Most One It He She They We I Our His Her Their Its Officials Authorities Reports Police Prosecutors Sources Speaking ' +
    'Until Over Under Amid Once If Now Just Only By Of Unlike Like More Few No Not There Here What Who Why How Where Nearly ' +
    'Almost About Around Even Another Each Every All Both Either Neither Such Among Between Within Yesterday Today Recently ' +
    'Meanwhile However Moreover Also Then Thus Former Senior Top New Secret Classified Leaked Intelligence Government ' +
    'Security Military Federal British American Russian Chinese Israeli German French Iranian Turkish Indian Ukrainian'
  ).split(' '),
);

/** Real words written in camel case: never split inside them. */
const CAMEL_WORDS = new Set(
  (
    'linkedin youtube paypal iphone ipad ipod imac icloud itunes ebay joongang wikileaks mcafee detrani whatsapp facetime ' +
    'tiktok blackberry dropbox solarwinds crowdstrike fireeye ghostnet wechat mastercard playstation powerpoint javascript ' +
    'macos openai deepmind darpa nordvpn protonmail telegram kaspersky microsoft'
  ).split(' '),
);

/** Name prefixes that are followed by a capital inside one word (McAfee, DeTrani, MacDonald, VanDyke). */
const NAME_PREFIX = /^(Mc|Mac|De|Di|Da|Du|Del|La|Le|Van|Von|Fitz|O['’])$/;

/** Small words allowed in lower case inside a caption made of names ("Restaurant in Jakarta"). */
const CONNECTORS = new Set([
  'in',
  'of',
  'and',
  'the',
  'at',
  'on',
  'for',
  'de',
  'du',
  'la',
  'von',
  'van',
  'bin',
  'al',
  'el',
  '&',
]);

export interface CaptionSplit {
  caption: string;
  rest: string;
}

function isUpper(c: string | undefined): boolean {
  return !!c && /\p{Lu}/u.test(c);
}
function isLower(c: string | undefined): boolean {
  return !!c && /\p{Ll}/u.test(c);
}

function wordsOf(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}

/**
 * Captions are labels ("Computer hacking", "CIA headquarters in Langley"), not sentences: at most two
 * lower-case words besides connectors, and not opening like a sentence ("The spy, codenamed…").
 */
function captionShaped(caption: string): boolean {
  const words = wordsOf(caption)
    .map((w) => w.replace(/^[("'‘“]+|[)"'’”,]+$/g, ''))
    .filter(Boolean);
  const lower = words.filter((w) => isLower(w[0]) && !CONNECTORS.has(w.toLowerCase()));
  if (lower.length > 2) return false;
  if (words.length >= 2 && /^(The|A|An)$/.test(words[0]) && isLower(words[1][0])) return false;
  return true;
}

function captionLooksLikeNames(caption: string): boolean {
  return wordsOf(caption).every((w) => {
    const bare = w.replace(/^[("'‘“]+|[)"'’”,]+$/g, '');
    return !bare || CONNECTORS.has(bare.toLowerCase()) || isUpper(bare[0]) || /^\d/.test(bare);
  });
}

/**
 * Returns where the caption ends and the body begins, or undefined when the paragraph has no
 * glued caption. `fullText` (the whole post body) lets a glued token that also appears elsewhere
 * as a word ("McAfee") be recognised as a real word rather than caption + sentence.
 */
export function splitGluedCaption(paragraph: string, fullText = paragraph): CaptionSplit | undefined {
  const limit = Math.min(paragraph.length - 1, 160);
  for (let i = 1; i < limit; i++) {
    const c = paragraph[i];
    const prev = paragraph[i - 1];
    const next = paragraph[i + 1];
    // a body may open with a quotation: "Vladimir Putin“We will respond,” said…"
    const quoted = /[“"‘]/.test(c) && isUpper(next) && isLower(prev);
    if (!isUpper(c) && !quoted) continue;
    const lowerGlue = isLower(prev) || /[0-9)\]’'"”.]/.test(prev);
    const acronymGlue = !quoted && isUpper(prev) && isLower(next);
    if (!lowerGlue && !acronymGlue) continue;

    const caption = paragraph.slice(0, i).trim();
    const rest = paragraph.slice(i);
    const word = /^[\p{L}]+/u.exec(quoted ? rest.slice(1) : rest)?.[0] ?? '';
    const after = rest[word.length + (quoted ? 1 : 0)];
    // the body must begin with a whole word: "An obscure", "The acting", "CIA officials"
    if (!word || (after !== undefined && !/[\s,;:’'-]/.test(after))) continue;
    if (/[.!?;:]\s/.test(caption) || caption.length > 120 || wordsOf(caption).length > 12) break; // past the first sentence
    if (!/^[\p{Lu}\d"“‘'(]/u.test(caption)) continue;
    if (!captionShaped(caption)) continue;

    const fragment = wordsOf(caption).at(-1) ?? '';
    if (quoted) {
      if (STARTERS.has(word) || captionLooksLikeNames(caption)) return { caption, rest };
      continue;
    }
    const token = fragment + word;
    if (CAMEL_WORDS.has(token.toLowerCase().replace(/[^\p{L}]/gu, ''))) continue;
    if (NAME_PREFIX.test(fragment) || (fragment.length === 1 && isLower(fragment))) continue;
    // a token that appears elsewhere as one word is a real word, not caption + sentence
    const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const seen = fullText.match(new RegExp(`(?<![\\p{L}])${escaped}(?![\\p{L}])`, 'gu'))?.length ?? 0;
    if (seen >= 2) continue;

    const starter = STARTERS.has(word);
    if (acronymGlue) {
      if (starter && word.length >= 2) return { caption, rest };
      continue;
    }
    if (starter) return { caption, rest };
    // otherwise only a caption that reads like a name or place ("Vladimir PutinRussian officials…")
    const capitalised = /^\p{Lu}\p{Ll}+$/u.test(word) || /^\p{Lu}{2,}$/u.test(word);
    if (capitalised && fragment.length >= 3 && wordsOf(caption).length >= 2 && captionLooksLikeNames(caption))
      return { caption, rest };
  }
  return undefined;
}
