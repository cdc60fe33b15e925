// Every text-folding rule, in one place: how search compares words, how autocomplete compares
// titles, and the title key that article ids and duplicate detection are made from.

// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, controls included, is what this tests for
const ASCII = /^[\x00-\x7f]*$/;
const CURLY_SINGLE = /[\u2018\u2019]/g;
const CURLY_DOUBLE = /[\u201c\u201d]/g;

/** One space between words, none at the ends. */
export function oneSpaced(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** How search compares words: lower case, accents folded ("País" → "pais"); plain ASCII skips the normalisation. */
export function fold(text: string): string {
  return ASCII.test(text)
    ? text.toLowerCase()
    : text
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase();
}

/** How autocomplete compares titles: case, accents, curly quotes and spacing do not matter ("pais" finds "País"). */
export function foldTitle(title: string): string {
  return oneSpaced(
    title.normalize('NFKD').replace(/\p{M}/gu, '').replace(CURLY_SINGLE, "'").replace(CURLY_DOUBLE, '"').toLowerCase(),
  );
}

/**
 * The title as an identity key (article ids without a permalink, duplicate detection): NFKC, lower
 * case, curly apostrophes straightened, one space. Changing it changes article ids: keep it as it is.
 */
export function titleKey(title: string): string {
  return oneSpaced(title.normalize('NFKC').toLowerCase().replace(CURLY_SINGLE, "'"));
}
