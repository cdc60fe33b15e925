// Sapphire-style preconditions applied by the router before a command runs: per-user cooldown for
// questions, the admin check (Manage Server or an ADMIN_ROLE_IDS role), and an index to answer from.
import { type Interaction, PermissionFlagsBits } from 'discord.js';
import { chatLine, type DossierError } from '../errors.js';

export interface CooldownSetting {
  limit: number;
  windowMs: number;
}

export type GuardResult = { ok: true } | { ok: false; message: string; retryAfterMs?: number };

/** Sliding-window limiter: at most `limit` uses per `windowMs` per user. limit 0 = off. */
export class Cooldown {
  private readonly uses = new Map<string, number[]>();

  constructor(private readonly setting: CooldownSetting) {}

  /** Counts a use when allowed; when not, says how long until the oldest use leaves the window. */
  take(userId: string, now = Date.now()): GuardResult {
    const { limit, windowMs } = this.setting;
    if (limit <= 0 || windowMs <= 0) return { ok: true };
    const recent = (this.uses.get(userId) ?? []).filter((t) => now - t < windowMs);
    if (recent.length >= limit) {
      this.uses.set(userId, recent);
      const retryAfterMs = recent[0] + windowMs - now;
      const at = Math.ceil((now + retryAfterMs) / 1000);
      return {
        ok: false,
        retryAfterMs,
        message: `You're asking quickly: at most ${limit} question${limit === 1 ? '' : 's'} per ${Math.round(windowMs / 1000)} s. Try again <t:${at}:R> (in ${Math.ceil(retryAfterMs / 1000)} s).`,
      };
    }
    recent.push(now);
    this.uses.set(userId, recent);
    // keep the map from growing with users who left long ago
    if (this.uses.size > 10_000)
      for (const [k, v] of this.uses) if (!v.some((t) => now - t < windowMs)) this.uses.delete(k);
    return { ok: true };
  }
}

/**
 * An index to answer from; else why not and who can fix it: members are told an admin can run
 * /reindex (never a server path or a shell command), admins also get the command to run.
 */
export async function checkIndexReady(
  service: { unavailable(): DossierError | undefined | Promise<DossierError | undefined> },
  admin = false,
): Promise<GuardResult> {
  const down = await service.unavailable();
  return down ? { ok: false, message: chatLine(down, admin) } : { ok: true };
}

export interface MemberFacts {
  /** the member's permission bitfield in the channel (interaction.memberPermissions), null outside a server */
  permissions: bigint | null;
  roleIds: string[];
  inGuild: boolean;
}

/** The member's role ids, however discord.js delivered the member. */
export function memberRoleIds(interaction: Pick<Interaction, 'member'>): string[] {
  const m = interaction.member;
  if (!m) return [];
  // a cached GuildMember has a role manager; an uncached one arrives as the raw API object
  if (Array.isArray((m as { roles: unknown }).roles)) return (m as { roles: string[] }).roles;
  // roles.cache lists only roles the guild cache knows (a role made while the gateway was away is
  // missing); the member's own role ids are kept in _roles
  const own = (m as unknown as { _roles?: unknown })._roles;
  if (Array.isArray(own)) return own.filter((r): r is string => typeof r === 'string');
  return [...(m as { roles: { cache: Map<string, unknown> } }).roles.cache.keys()];
}

/** What the admin check needs to know about whoever sent an interaction. */
export function memberFacts(interaction: Interaction): MemberFacts {
  return {
    permissions: interaction.memberPermissions?.bitfield ?? null,
    roleIds: memberRoleIds(interaction),
    inGuild: interaction.inGuild(),
  };
}

/**
 * Run-time admin check. The command's default member permission can be changed by a server owner in
 * Integrations settings, so this is checked again here whatever Discord let through.
 */
export function checkAdmin(m: MemberFacts, adminRoleIds: string[]): GuardResult {
  if (!m.inGuild) return { ok: false, message: 'Re-indexing is only available inside a server, to its admins.' };
  const manage =
    m.permissions !== null && (m.permissions & PermissionFlagsBits.ManageGuild) === PermissionFlagsBits.ManageGuild;
  const admin =
    m.permissions !== null && (m.permissions & PermissionFlagsBits.Administrator) === PermissionFlagsBits.Administrator;
  if (manage || admin || m.roleIds.some((r) => adminRoleIds.includes(r))) return { ok: true };
  return {
    ok: false,
    message:
      'Only admins can re-index: you need the Manage Server permission' +
      (adminRoleIds.length ? ' or one of the admin roles.' : '.'),
  };
}
