// Discord's message limits, and a pure pass that forces any embed inside them by shortening text
// (never by failing). Applied to every embed and message the bot sends.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { truncate } from './text.js';

export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  fields: 25,
  embedTotal: 6000,
  embedsPerMessage: 10,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  buttonsPerRow: 5,
  rows: 5,
} as const;

/** Characters Discord counts towards the 6,000 per embed. */
export function embedLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Every per-part limit, then the 6,000 total: drops trailing fields first, then shortens the description. */
export function fitEmbed(e: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...e };
  if (out.title !== undefined) out.title = truncate(out.title, LIMITS.embedTitle) || '…';
  if (out.description !== undefined) out.description = truncate(out.description, LIMITS.embedDescription);
  if (out.footer) out.footer = { ...out.footer, text: truncate(out.footer.text, LIMITS.footer) };
  if (out.author) out.author = { ...out.author, name: truncate(out.author.name, LIMITS.authorName) };
  if (out.fields) {
    out.fields = out.fields.slice(0, LIMITS.fields).map(
      (f): APIEmbedField => ({
        ...f,
        name: truncate(f.name, LIMITS.fieldName) || '\u200B',
        value: truncate(f.value, LIMITS.fieldValue) || '\u200B',
      }),
    );
  }
  if (out.url && out.url.length > 2048) delete out.url;
  while (embedLength(out) > LIMITS.embedTotal && out.fields && out.fields.length > 1) {
    out.fields = out.fields.slice(0, -1);
  }
  let over = embedLength(out) - LIMITS.embedTotal;
  if (over > 0 && out.description) {
    out.description = truncate(out.description, Math.max(0, out.description.length - over));
    over = embedLength(out) - LIMITS.embedTotal;
  }
  if (over > 0 && out.fields?.length) {
    const f = out.fields[0];
    out.fields = [{ ...f, value: truncate(f.value, Math.max(1, f.value.length - over)) }];
    over = embedLength(out) - LIMITS.embedTotal;
  }
  if (over > 0 && out.footer)
    out.footer = { text: truncate(out.footer.text, Math.max(0, out.footer.text.length - over)) };
  return out;
}

/** At most 10 embeds, each fitted, and together within 6,000 characters (Discord counts the message). */
export function fitEmbeds(embeds: APIEmbed[]): APIEmbed[] {
  const out: APIEmbed[] = [];
  let total = 0;
  for (const e of embeds.slice(0, LIMITS.embedsPerMessage)) {
    const f = fitEmbed(e);
    const n = embedLength(f);
    if (total + n > LIMITS.embedTotal) break;
    out.push(f);
    total += n;
  }
  return out;
}

export function fitContent(text: string): string {
  return truncate(text, LIMITS.content);
}
