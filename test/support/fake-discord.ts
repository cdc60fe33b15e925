// A fake Discord for end-to-end tests: REST under /api/v10 and a gateway WebSocket speaking the real
// protocol (HELLO, heartbeats, IDENTIFY → READY + GUILD_CREATE, RESUME, op 7/9), so an unmodified
// discord.js Client logs in over loopback. Records every REST call; can inject 429s, 500s, gateway
// drops and refused resumes, and enforces the 3 s interaction acknowledgement window. Speaks sharding
// too: IDENTIFY with `shard: [id, count]`, GET /gateway/bot recommends `recommendedShards`, and each
// server's events go to the shard that owns it ((guild_id >> 22) % count), DMs to shard 0.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';

const EPOCH = 1420070400000n;
let increment = 0n;
/** Real-looking snowflakes (discord.js reads creation times from them). */
export function snowflake(at = Date.now()): string {
  increment = (increment + 1n) % 4096n;
  return (((BigInt(at) - EPOCH) << 22n) | increment).toString();
}

export interface RecordedCall {
  method: string;
  /** decoded path below /api/v10, e.g. /webhooks/1/abc/messages/@original */
  path: string;
  rawPath: string;
  query: Record<string, string>;
  body: any;
  status: number;
  at: number;
}

export interface FakeUser {
  id: string;
  username: string;
  global_name?: string | null;
  bot?: boolean;
}

export interface MemberOptions {
  roles?: string[];
  /** permission bitfield as a bigint; default: plain member (view, send, read history) */
  permissions?: bigint;
}

export interface InvokeOptions extends MemberOptions {
  user?: FakeUser;
  /** true: in a DM with the bot (no guild, no member) */
  dm?: boolean;
  channelId?: string;
  /** in this server (default the first one, guildId); see addGuild */
  guildId?: string;
}

/** The shard a server's events go to, as Discord assigns them. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

type FaultStatus = 401 | 403 | 429 | 500;

interface Fault {
  remaining: number;
  status: FaultStatus;
  retryAfter: number;
  match?: RegExp;
}

interface InteractionState {
  id: string;
  token: string;
  type: number;
  createdAt: number;
  channelId: string;
  guildId?: string;
  acknowledged: boolean;
  ackType?: number;
  /** the message a component was on (update/defer-update edit it) */
  sourceMessageId?: string;
  originalMessageId?: string;
  ephemeral: boolean;
  user: ReturnType<FakeDiscord['userPayload']>;
}

interface Session {
  id: string;
  seq: number;
  log: { s: number; t: string; d: unknown }[];
  socket?: WebSocket;
  ready: boolean;
  intents: number;
  /** [shard id, shard count] from IDENTIFY */
  shard: [number, number];
}

export const PERMS = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ReadMessageHistory: 1n << 16n,
  ManageGuild: 1n << 5n,
  Administrator: 1n << 3n,
  UseApplicationCommands: 1n << 31n,
} as const;
export const MEMBER_PERMS =
  PERMS.ViewChannel | PERMS.SendMessages | PERMS.ReadMessageHistory | PERMS.UseApplicationCommands;

const INTENT = { Guilds: 1 << 0, GuildMessages: 1 << 9, DirectMessages: 1 << 12, MessageContent: 1 << 15 } as const;

/**
 * Discord's limits on a message body, checked like Discord does (a 400 "Invalid Form Body"), so an
 * e2e flow that breaks one fails loudly instead of passing against a lenient fake.
 */
export function messageProblems(body: any): string[] {
  const p: string[] = [];
  if (!body || typeof body !== 'object') return p;
  if (typeof body.content === 'string' && body.content.length > 2000) p.push(`content: ${body.content.length} > 2000`);
  const embeds: any[] = body.embeds ?? [];
  if (embeds.length > 10) p.push(`embeds: ${embeds.length} > 10`);
  let total = 0;
  embeds.forEach((e, i) => {
    const len = (x: unknown) => (typeof x === 'string' ? x.length : 0);
    if (len(e.title) > 256) p.push(`embeds[${i}].title > 256`);
    if (len(e.description) > 4096) p.push(`embeds[${i}].description > 4096`);
    if (len(e.footer?.text) > 2048) p.push(`embeds[${i}].footer > 2048`);
    if (len(e.author?.name) > 256) p.push(`embeds[${i}].author > 256`);
    if ((e.fields ?? []).length > 25) p.push(`embeds[${i}].fields > 25`);
    for (const [j, f] of (e.fields ?? []).entries()) {
      if (!f.name || len(f.name) > 256) p.push(`embeds[${i}].fields[${j}].name empty or > 256`);
      if (!f.value || len(f.value) > 1024) p.push(`embeds[${i}].fields[${j}].value empty or > 1024`);
    }
    if (e.url !== undefined && !/^https?:\/\//.test(e.url)) p.push(`embeds[${i}].url not http(s)`);
    total +=
      len(e.title) +
      len(e.description) +
      len(e.footer?.text) +
      len(e.author?.name) +
      (e.fields ?? []).reduce((n: number, f: any) => n + len(f.name) + len(f.value), 0);
  });
  if (total > 6000) p.push(`embeds: ${total} characters > 6000`);
  const rows: any[] = body.components ?? [];
  if (rows.length > 5) p.push(`components: ${rows.length} rows > 5`);
  const ids = new Set<string>();
  rows.forEach((r, i) => {
    if ((r.components ?? []).length > 5) p.push(`components[${i}]: > 5 buttons`);
    for (const c of r.components ?? []) {
      if (c.custom_id !== undefined) {
        if (c.custom_id.length > 100) p.push(`custom_id > 100: ${c.custom_id}`);
        if (ids.has(c.custom_id)) p.push(`duplicate custom_id ${c.custom_id}`);
        ids.add(c.custom_id);
      }
      if (c.label !== undefined && c.label.length > 80) p.push('button label > 80');
      if (c.label === undefined && c.emoji === undefined) p.push('button without label or emoji');
    }
  });
  const choices: any[] | undefined = body.choices;
  if (choices) {
    if (choices.length > 25) p.push(`choices: ${choices.length} > 25`);
    for (const c of choices)
      if (!c.name || c.name.length > 100 || String(c.value).length > 100)
        p.push(`choice over 100 characters: ${c.name}`);
  }
  return p;
}

export class FakeDiscord {
  readonly token = `FAKE.TOKEN.${'x'.repeat(40)}${Math.random().toString(36).slice(2)}`;
  readonly appId = snowflake();
  readonly bot: FakeUser = { id: this.appId, username: 'Dossier', bot: true, global_name: null };
  readonly guildId = snowflake();
  readonly ownerId = snowflake();
  readonly channelId = snowflake();
  readonly adminRoleId = snowflake();
  /** the role Discord creates for the bot when it joins (managed, tagged with the bot id) */
  readonly botRoleId = snowflake();
  readonly user: FakeUser = { id: snowflake(), username: 'reader', global_name: 'Reader' };

  readonly calls: RecordedCall[] = [];
  /** message bodies the fake refused for breaking a Discord limit (should stay empty) */
  readonly invalidBodies: { path: string; problems: string[] }[] = [];
  /** "Public Bot" in the developer portal (on for a new application, as on Discord) */
  botPublic = true;
  /** how long an interaction may go unacknowledged (Discord: 3 s) */
  ackWindowMs = 3000;
  heartbeatIntervalMs = 10_000;
  identifies = 0;
  resumes = 0;
  /** what GET /gateway/bot recommends (`SHARDS=auto` follows it) */
  recommendedShards = 1;
  /** IDENTIFY payloads' shard fields, in order */
  readonly identified: [number, number][] = [];
  readonly gatewayEvents: { direction: 'in' | 'out'; op: number; t?: string | null }[] = [];

  private server!: http.Server;
  private wss!: WebSocketServer;
  private port = 0;
  private faults: Fault[] = [];
  private refuseResume = false;
  /** one gateway session per shard id */
  private sessions = new Map<number, Session>();
  /** every server the bot is in; the first is guildId */
  readonly guildIds: string[] = [this.guildId];
  /** each server's text channel (the first server's is channelId) */
  private channels = new Map<string, string>([[this.guildId, this.channelId]]);
  /** registered commands like Discord keeps them: the global set, and one set per server */
  private globalCommands = new Map<string, any>();
  private guildCommands = new Map<string, Map<string, any>>();
  private interactions = new Map<string, InteractionState>();
  private messages = new Map<string, any>();
  private dmChannels = new Map<string, string>(); // user id → channel id
  /** public threads (channel type 11), by id: a thread started from a message has that message's id */
  readonly threads = new Map<string, any>();
  private listeners = new Set<() => void>();

  static async start(): Promise<FakeDiscord> {
    const f = new FakeDiscord();
    await f.listen();
    return f;
  }

  /** Adds a server the bot is in (with its own #general); with `onShard`, one whose events go to that shard. */
  addGuild(onShard?: [number, number]): string {
    let id = snowflake();
    // a snowflake's shard is set by its millisecond: step the time until it lands on the one asked
    for (let at = Date.now(); onShard && shardOf(id, onShard[1]) !== onShard[0]; at++) id = snowflake(at);
    this.guildIds.push(id);
    this.channels.set(id, snowflake());
    return id;
  }

  /** The text channel of a server. */
  channelOf(guildId: string): string {
    return this.channels.get(guildId)!;
  }

  /** The session of shard 0 (the only one unless the client shards). */
  private get session(): Session | undefined {
    return this.sessions.get(0) ?? this.sessions.values().next().value;
  }

  /** The session that gets a server's events (DMs: shard 0). */
  private sessionFor(guildId: string | undefined): Session | undefined {
    for (const s of this.sessions.values())
      if (guildId === undefined || shardOf(guildId, s.shard[1]) === s.shard[0]) return s;
    return undefined;
  }

  /** Shards connected now, by id. */
  get connectedShards(): number[] {
    return [...this.sessions.values()]
      .filter((s) => s.ready && s.socket?.readyState === WebSocket.OPEN)
      .map((s) => s.shard[0])
      .sort((a, b) => a - b);
  }

  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  private async listen(): Promise<void> {
    this.server = http.createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/gateway')) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws, req.url!));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ───────────────────────────── faults ─────────────────────────────

  /** The next `n` REST calls (optionally only those whose "METHOD /path" matches) get this status. */
  failNext(n: number, status: FaultStatus, opts: { retryAfter?: number; match?: RegExp } = {}): void {
    this.faults.push({ remaining: n, status, retryAfter: opts.retryAfter ?? 1, match: opts.match });
  }

  /** Op 7: Discord asks the client to reconnect and resume. */
  requestReconnect(): void {
    this.sendOp(7, null);
  }

  /** Closes the socket as a network failure would (the client resumes). */
  dropConnection(code = 4000): void {
    this.session?.socket?.close(code, 'fake drop');
  }

  /** The next RESUME gets op 9 (invalid session, not resumable): the client must IDENTIFY again. */
  refuseNextResume(): void {
    this.refuseResume = true;
  }

  // ───────────────────────────── gateway ─────────────────────────────

  private onSocket(ws: WebSocket, url: string): void {
    const q = new URL(url, 'http://x').searchParams;
    if (q.get('compress') || (q.get('encoding') ?? 'json') !== 'json') {
      ws.close(4002, 'fake supports json without compression only');
      return;
    }
    const send = (p: unknown) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(p));
    send({ op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs }, s: null, t: null });
    this.gatewayEvents.push({ direction: 'out', op: 10 });
    ws.on('message', (raw) => {
      let p: { op: number; d: any };
      try {
        p = JSON.parse(String(raw));
      } catch {
        return ws.close(4002, 'decode error');
      }
      this.gatewayEvents.push({ direction: 'in', op: p.op });
      switch (p.op) {
        case 1:
          send({ op: 11, d: null, s: null, t: null });
          break;
        case 2: {
          if (p.d?.token !== this.token) return ws.close(4004, 'Authentication failed.');
          this.identifies++;
          const shard: [number, number] = Array.isArray(p.d.shard)
            ? [Number(p.d.shard[0]), Number(p.d.shard[1])]
            : [0, 1];
          if (!(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) return ws.close(4010, 'Invalid shard.');
          this.identified.push(shard);
          this.sessions.get(shard[0])?.socket?.terminate();
          const s: Session = {
            id: Math.random().toString(36).slice(2),
            seq: 0,
            log: [],
            socket: ws,
            ready: false,
            intents: Number(p.d.intents ?? 0),
            shard,
          };
          this.sessions.set(shard[0], s);
          const mine = this.guildIds.filter((g) => shardOf(g, shard[1]) === shard[0]);
          this.emitTo(s, 'READY', {
            v: 10,
            user: { ...this.bot, discriminator: '0', avatar: null, verified: true, flags: 0 },
            guilds: mine.map((id) => ({ id, unavailable: true })),
            session_id: s.id,
            resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway-resume`,
            shard,
            application: { id: this.appId, flags: 0 },
            private_channels: [],
            presences: [],
            relationships: [],
            guild_join_requests: [],
            user_settings: {},
            geo_ordered_rtc_regions: [],
          });
          s.ready = true;
          if (s.intents & INTENT.Guilds) for (const g of mine) this.emitTo(s, 'GUILD_CREATE', this.guildPayload(g));
          this.notify();
          break;
        }
        case 6: {
          const s = [...this.sessions.values()].find((x) => x.id === p.d?.session_id);
          if (p.d?.token !== this.token) return ws.close(4004, 'Authentication failed.');
          if (!s || s.id !== p.d.session_id || this.refuseResume) {
            this.refuseResume = false;
            send({ op: 9, d: false, s: null, t: null });
            return;
          }
          this.resumes++;
          s.socket?.terminate();
          s.socket = ws;
          // replay what the client missed, then RESUMED, as Discord does
          for (const e of s.log.filter((e) => e.s > Number(p.d.seq ?? 0))) send({ op: 0, s: e.s, t: e.t, d: e.d });
          s.seq++;
          send({ op: 0, s: s.seq, t: 'RESUMED', d: {} });
          s.ready = true;
          this.notify();
          break;
        }
        default:
          break; // presence updates, request guild members...: not needed
      }
    });
    ws.on('close', () => {
      for (const s of this.sessions.values())
        if (s.socket === ws) {
          s.socket = undefined;
          s.ready = false;
        }
      this.notify();
    });
  }

  private sendOp(op: number, d: unknown): void {
    const ws = this.session?.socket;
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ op, d, s: null, t: null }));
  }

  private emitTo(s: Session, t: string, d: unknown): void {
    s.seq++;
    s.log.push({ s: s.seq, t, d });
    if (s.log.length > 1000) s.log.shift();
    this.gatewayEvents.push({ direction: 'out', op: 0, t });
    if (s.socket?.readyState === WebSocket.OPEN) s.socket.send(JSON.stringify({ op: 0, s: s.seq, t, d }));
    // not connected: the event stays in the log and is replayed on RESUME
  }

  /** Dispatches an event to the logged-in client (respecting its intents, like Discord); a server's
   * event to the shard that owns the server. */
  dispatch(t: string, d: unknown): void {
    const guildId = (d as { guild_id?: string } | null)?.guild_id;
    const s = this.sessionFor(guildId);
    if (!s) throw new Error(`no client has identified yet${guildId ? ` for the shard of server ${guildId}` : ''}`);
    this.emitTo(s, t, d);
  }

  get connected(): boolean {
    return !!this.session?.ready && this.session.socket?.readyState === WebSocket.OPEN;
  }

  get intents(): number {
    return this.session?.intents ?? 0;
  }

  private guildPayload(guildId = this.guildId) {
    const everyonePerms = MEMBER_PERMS.toString();
    return {
      id: guildId,
      name: 'Fake Guild',
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: this.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        {
          id: guildId,
          name: '@everyone',
          permissions: everyonePerms,
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
        {
          id: this.adminRoleId,
          name: 'Archivists',
          permissions: everyonePerms,
          position: 1,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: true,
          flags: 0,
        },
        {
          id: this.botRoleId,
          name: 'Dossier',
          permissions: everyonePerms,
          position: 2,
          color: 0,
          hoist: false,
          managed: true,
          mentionable: false,
          flags: 0,
          tags: { bot_id: this.appId },
        },
      ],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 3,
      voice_states: [],
      members: [
        {
          user: { ...this.bot, discriminator: '0', avatar: null },
          roles: [this.botRoleId],
          joined_at: new Date().toISOString(),
          deaf: false,
          mute: false,
          flags: 0,
        },
      ],
      channels: [
        {
          id: this.channelOf(guildId),
          type: 0,
          name: 'general',
          position: 0,
          permission_overwrites: [],
          parent_id: null,
          nsfw: false,
          topic: null,
          rate_limit_per_user: 0,
          last_message_id: null,
        },
      ],
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US',
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      soundboard_sounds: [],
    };
  }

  // ───────────────────────────── interactions ─────────────────────────────

  private userPayload(u: FakeUser) {
    return {
      id: u.id,
      username: u.username,
      global_name: u.global_name ?? null,
      discriminator: '0',
      avatar: null,
      bot: u.bot ?? false,
      public_flags: 0,
    };
  }

  private dmChannelFor(userId: string): string {
    let id = this.dmChannels.get(userId);
    if (!id) {
      id = snowflake();
      this.dmChannels.set(userId, id);
    }
    return id;
  }

  private context(o: InvokeOptions) {
    const user = o.user ?? this.user;
    if (o.dm) {
      const channelId = this.dmChannelFor(user.id);
      return {
        user: this.userPayload(user),
        channel_id: channelId,
        channel: { id: channelId, type: 1, recipients: [this.userPayload(user)] },
        context: 1,
      };
    }
    const guildId = o.guildId ?? this.guildId;
    const channelId = o.channelId ?? this.channelOf(guildId);
    return {
      guild_id: guildId,
      channel_id: channelId,
      channel: {
        id: channelId,
        type: 0,
        guild_id: guildId,
        name: 'general',
        position: 0,
        permission_overwrites: [],
        nsfw: false,
        parent_id: null,
      },
      member: {
        user: this.userPayload(user),
        roles: o.roles ?? [],
        permissions: (o.permissions ?? MEMBER_PERMS).toString(),
        joined_at: new Date().toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
        nick: null,
        avatar: null,
        premium_since: null,
        pending: false,
        communication_disabled_until: null,
      },
      guild_locale: 'en-US',
      context: 0,
    };
  }

  private newInteraction(
    type: number,
    data: unknown,
    o: InvokeOptions,
    extra: Record<string, unknown> = {},
  ): Interaction {
    const id = snowflake();
    const token = `itoken_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}${'x'.repeat(20)}`;
    const ctx = this.context(o);
    const state: InteractionState = {
      id,
      token,
      type,
      createdAt: Date.now(),
      channelId: ctx.channel_id,
      guildId: (ctx as { guild_id?: string }).guild_id,
      acknowledged: false,
      ephemeral: false,
      sourceMessageId: (extra.message as { id?: string } | undefined)?.id,
      user: this.userPayload(o.user ?? this.user),
    };
    this.interactions.set(token, state);
    this.dispatch('INTERACTION_CREATE', {
      id,
      application_id: this.appId,
      type,
      token,
      version: 1,
      data,
      ...ctx,
      app_permissions: (MEMBER_PERMS | (1n << 14n)).toString(),
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: {},
      attachment_size_limit: 10_485_760,
      ...extra,
    });
    return new Interaction(this, state);
  }

  /** A registered command by name: the server's own first (what a member there would pick), then the global one. */
  private registered(name: string): any {
    return this.guildCommands.get(this.guildId)?.get(name) ?? this.globalCommands.get(name);
  }

  /** What Discord has registered, globally or in one server (for tests that check deploy-commands). */
  registeredNames(guildId?: string): string[] {
    const set = guildId ? this.guildCommands.get(guildId) : this.globalCommands;
    return [...(set?.keys() ?? [])];
  }

  private optionType(command: string, name: string, value: unknown): number {
    const def = this.registered(command);
    const opt = def?.options?.find((o: { name: string }) => o.name === name);
    if (opt) return opt.type;
    return typeof value === 'boolean' ? 5 : typeof value === 'number' ? 10 : 3;
  }

  private commandId(name: string): string {
    return this.registered(name)?.id ?? snowflake();
  }

  private options(command: string, options: Record<string, unknown>, focused?: string) {
    return Object.entries(options)
      .filter(([, v]) => v !== undefined)
      .map(([name, value]) => ({
        name,
        type: this.optionType(command, name, value),
        value,
        ...(name === focused ? { focused: true } : {}),
      }));
  }

  /** A user runs a slash command. */
  slash(name: string, options: Record<string, unknown> = {}, o: InvokeOptions = {}): Interaction {
    return this.newInteraction(
      2,
      {
        id: this.commandId(name),
        name,
        type: 1,
        options: this.options(name, options),
        ...(o.dm ? {} : { guild_id: o.guildId ?? this.guildId }),
      },
      o,
    );
  }

  /** A user types in an option that has autocomplete. */
  autocomplete(name: string, options: Record<string, unknown>, focused: string, o: InvokeOptions = {}): Interaction {
    return this.newInteraction(
      4,
      { id: this.commandId(name), name, type: 1, options: this.options(name, options, focused) },
      o,
    );
  }

  /** A user clicks a button on a message the bot sent. */
  click(message: any, customId: string, o: InvokeOptions = {}): Interaction {
    const msg = this.messages.get(message.id) ?? message;
    return this.newInteraction(3, { custom_id: customId, component_type: 2 }, o, { message: msg });
  }

  /** A user picks a message context-menu command on a message. */
  messageCommand(name: string, target: any, o: InvokeOptions = {}): Interaction {
    return this.newInteraction(
      2,
      {
        id: this.commandId(name),
        name,
        type: 3,
        target_id: target.id,
        resolved: { messages: { [target.id]: target } },
      },
      o,
    );
  }

  /**
   * A user message (in the guild channel, a thread, or a DM), optionally mentioning the bot. Returns
   * the message. `replyTo`: a reply to that message, as Discord sends one (type 19, message_reference,
   * referenced_message; with `ping`, the default, the replied-to author is in `mentions` but not in the
   * content). `channelId` of a thread: a message in that thread (channel type 11).
   */
  userMessage(
    content: string,
    o: InvokeOptions & {
      mentionBot?: boolean;
      mentionBotRole?: boolean;
      author?: FakeUser;
      replyTo?: any;
      ping?: boolean;
    } = {},
  ): any {
    const author = o.author ?? o.user ?? this.user;
    const dm = !!o.dm;
    const replyChannel = o.replyTo?.channel_id as string | undefined;
    const threadOf = (id: string | undefined) => (id ? this.threads.get(id)?.guild_id : undefined);
    const guildId =
      o.guildId ??
      threadOf(o.channelId) ??
      threadOf(replyChannel) ??
      (o.replyTo?.guild_id as string | undefined) ??
      this.guildId;
    const channelId = dm ? this.dmChannelFor(author.id) : (o.channelId ?? replyChannel ?? this.channelOf(guildId));
    const inThread = this.threads.has(channelId);
    const roleMention = !!o.mentionBotRole && !dm;
    const mention = !roleMention && (o.mentionBot ?? !o.replyTo);
    const text = mention ? `<@${this.bot.id}> ${content}` : roleMention ? `<@&${this.botRoleId}> ${content}` : content;
    const replied = o.replyTo ? this.messages.get(o.replyTo.id) : undefined;
    const pingsBot = !!replied && (o.ping ?? true) && replied.author?.id === this.bot.id;
    const msg = {
      id: snowflake(),
      channel_id: channelId,
      // Discord sends the channel type with MESSAGE_CREATE; discord.js needs it to build an uncached DM channel
      channel_type: dm ? 1 : inThread ? 11 : 0,
      ...(replied
        ? {
            message_reference: {
              type: 0,
              message_id: replied.id,
              channel_id: replied.channel_id,
              ...(replied.guild_id ? { guild_id: replied.guild_id } : {}),
            },
            referenced_message: replied,
          }
        : {}),
      ...(dm
        ? {}
        : {
            guild_id: guildId,
            member: { roles: o.roles ?? [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
          }),
      author: this.userPayload(author),
      content: text,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: mention || pingsBot ? [this.userPayload(this.bot)] : [],
      mention_roles: roleMention ? [this.botRoleId] : [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: replied ? 19 : 0,
      flags: 0,
      components: [],
    };
    this.messages.set(msg.id, msg);
    const intents = this.intents;
    const wanted = dm ? intents & INTENT.DirectMessages : intents & INTENT.GuildMessages;
    if (wanted) {
      // like Discord: without MessageContent, guild messages that don't mention the bot arrive empty
      // (a reply that pings the bot mentions it: its content is delivered)
      const contentVisible = dm || mention || roleMention || pingsBot || intents & INTENT.MessageContent;
      this.dispatch(
        'MESSAGE_CREATE',
        contentVisible ? msg : { ...msg, content: '', embeds: [], attachments: [], components: [] },
      );
    }
    return msg;
  }

  // ───────────────────────────── REST ─────────────────────────────

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any;
    if (raw) {
      const ct = String(req.headers['content-type'] ?? '');
      if (ct.includes('application/json')) body = JSON.parse(raw);
      else if (ct.includes('multipart/form-data')) {
        const m = /name="payload_json"\r\n(?:[^\r\n]*\r\n)*\r\n([\s\S]*?)\r\n--/.exec(raw);
        body = m ? JSON.parse(m[1]) : raw;
      } else body = raw;
    }
    const rawPath = url.pathname.replace(/^\/api\/v\d+/, '');
    const path = decodeURIComponent(rawPath);
    const method = req.method ?? 'GET';
    const call: RecordedCall = {
      method,
      path,
      rawPath,
      query: Object.fromEntries(url.searchParams),
      body,
      status: 0,
      at: Date.now(),
    };
    this.calls.push(call);

    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      // 204 like Discord: no body and no content type (a client parsing JSON from it would fail)
      res.writeHead(status, status === 204 ? headers : { 'content-type': 'application/json', ...headers });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
      this.notify();
    };

    if (!url.pathname.startsWith('/api/v10/')) return reply(404, { message: '404: Not Found', code: 0 });

    const fault = this.faults.find((f) => f.remaining > 0 && (!f.match || f.match.test(`${method} ${path}`)));
    if (fault) {
      fault.remaining--;
      this.faults = this.faults.filter((f) => f.remaining > 0);
      if (fault.status === 429) {
        return reply(
          429,
          { message: 'You are being rate limited.', retry_after: fault.retryAfter, global: false },
          {
            'retry-after': String(fault.retryAfter),
            'x-ratelimit-limit': '5',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset-after': String(fault.retryAfter),
            'x-ratelimit-bucket': 'fakebucket',
            'x-ratelimit-scope': 'user',
          },
        );
      }
      if (fault.status === 401) return reply(401, { message: '401: Unauthorized', code: 0 });
      if (fault.status === 403) return reply(403, { message: 'Missing Access', code: 50001 });
      return reply(500, { message: '500: Internal Server Error', code: 0 });
    }

    const tokenFree = /^\/(interactions|webhooks)\//.test(path);
    if (!tokenFree && req.headers.authorization !== `Bot ${this.token}`)
      return reply(401, { message: '401: Unauthorized', code: 0 });

    const payload = /\/callback$/.test(path) ? body?.data : body;
    if (['POST', 'PATCH'].includes(method) && /^\/(interactions|webhooks|channels)\//.test(path)) {
      const problems = messageProblems(payload);
      if (problems.length) {
        this.invalidBodies.push({ path, problems });
        return reply(400, { message: 'Invalid Form Body', code: 50035, errors: problems });
      }
    }
    try {
      const out = this.route(method, path, url.searchParams, body);
      reply(out.status, out.body);
    } catch (err) {
      reply(500, { message: String((err as Error).message), code: 0 });
    }
  }

  private route(method: string, path: string, query: URLSearchParams, body: any): { status: number; body?: unknown } {
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return {
        status: 200,
        body: {
          url: this.gatewayUrl,
          shards: this.recommendedShards,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      };
    }
    if (method === 'GET' && path === '/gateway') return { status: 200, body: { url: this.gatewayUrl } };
    if (method === 'GET' && (path === '/applications/@me' || path === '/oauth2/applications/@me')) {
      return {
        status: 200,
        body: {
          id: this.appId,
          name: 'Dossier',
          description: '',
          bot: this.userPayload(this.bot),
          bot_public: this.botPublic,
          bot_require_code_grant: false,
          flags: 0,
          verify_key: 'x',
          team: null,
          owner: this.userPayload({ id: this.ownerId, username: 'owner' }),
        },
      };
    }
    if (method === 'GET' && path === '/users/@me') return { status: 200, body: this.userPayload(this.bot) };
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      if (m[1] !== this.appId) return { status: 404, body: { message: 'Unknown Application', code: 10002 } };
      const guild = m[2];
      // like Discord: a server the bot is not in (or was invited to without applications.commands) is refused
      if (guild && !this.guildIds.includes(guild))
        return { status: 403, body: { message: 'Missing Access', code: 50001 } };
      const set = guild ? (this.guildCommands.get(guild) ?? new Map<string, any>()) : this.globalCommands;
      if (method === 'PUT') {
        // a bulk overwrite: the list given replaces the set (an empty list removes them all)
        const before = new Map(set);
        set.clear();
        const list = (body as any[]).map((c) => {
          const stored = {
            ...c,
            id: before.get(c.name)?.id ?? snowflake(),
            application_id: this.appId,
            version: snowflake(),
            type: c.type ?? 1,
            ...(guild ? { guild_id: guild } : {}),
          };
          set.set(c.name, stored);
          return stored;
        });
        if (guild) this.guildCommands.set(guild, set);
        return { status: 200, body: list };
      }
      if (method === 'GET') return { status: 200, body: [...set.values()] };
    }
    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) && method === 'POST') {
      return this.callback(m[1], m[2], query, body);
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/.exec(path))) {
      const it = this.interactions.get(m[2]);
      if (!it || m[1] !== this.appId) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
      const msgId = m[3] === '@original' ? (it.originalMessageId ?? it.sourceMessageId) : m[3];
      const msg = msgId ? this.messages.get(msgId) : undefined;
      if (!msg) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
      if (method === 'GET') return { status: 200, body: msg };
      if (method === 'DELETE') {
        this.messages.delete(msg.id);
        return { status: 204 };
      }
      if (method === 'PATCH') {
        Object.assign(msg, this.messageFields(body), { edited_timestamp: new Date().toISOString() });
        return { status: 200, body: msg };
      }
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path)) && method === 'POST') {
      const it = this.interactions.get(m[2]);
      if (!it || m[1] !== this.appId) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
      if (!it.acknowledged)
        return { status: 400, body: { message: 'Interaction has not been acknowledged.', code: 40060 } };
      const msg = this.newMessage(it.channelId, it.guildId, body, {
        webhook_id: this.appId,
        application_id: this.appId,
      });
      return { status: 200, body: msg };
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path)) && method === 'POST') {
      return this.startThread(m[1], m[2], body);
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      const thread = this.threads.get(m[1]);
      const guildId = thread?.guild_id ?? [...this.channels].find(([, c]) => c === m![1])?.[0];
      const known = guildId !== undefined || [...this.dmChannels.values()].includes(m[1]);
      if (!known) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      if (thread) thread.message_count = (thread.message_count ?? 0) + 1;
      return { status: 200, body: this.newMessage(m[1], guildId, body) };
    }
    if ((m = /^\/channels\/(\d+)\/typing$/.exec(path)) && method === 'POST') return { status: 204 };
    if ((m = /^\/users\/@me\/channels$/.exec(path)) && method === 'POST') {
      const id = this.dmChannelFor(body.recipient_id);
      return {
        status: 200,
        body: {
          id,
          type: 1,
          recipients: [{ id: body.recipient_id, username: 'someone', discriminator: '0', avatar: null }],
        },
      };
    }
    return { status: 404, body: { message: `fake Discord has no route ${method} ${path}`, code: 0 } };
  }

  /**
   * Start Thread from Message, as Discord does it: a public thread (type 11) in the message's text
   * channel with the message's id, THREAD_CREATE (newly_created) to the bot, the channel as the answer;
   * refused in a thread or a DM, and for a message that already has one (160004).
   */
  private startThread(channelId: string, messageId: string, body: any): { status: number; body?: unknown } {
    const guildId = [...this.channels].find(([, c]) => c === channelId)?.[0];
    if (guildId === undefined)
      return { status: 400, body: { message: 'Cannot execute action on this channel type', code: 50024 } };
    const msg = this.messages.get(messageId);
    if (!msg || msg.channel_id !== channelId) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    if (this.threads.has(messageId))
      return { status: 400, body: { message: 'A thread has already been created for this message', code: 160004 } };
    if (!body?.name || String(body.name).length > 100)
      return {
        status: 400,
        body: { message: 'Invalid Form Body', code: 50035, errors: { name: 'BASE_TYPE_BAD_LENGTH' } },
      };
    const now = new Date().toISOString();
    const thread = {
      id: messageId,
      type: 11,
      guild_id: guildId,
      parent_id: channelId,
      owner_id: this.appId,
      name: body.name,
      last_message_id: null,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      flags: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: body.auto_archive_duration ?? 4320,
        archive_timestamp: now,
        locked: false,
        create_timestamp: now,
      },
      member: { id: messageId, user_id: this.appId, join_timestamp: now, flags: 0 },
    };
    this.threads.set(thread.id, thread);
    msg.thread = thread;
    msg.flags = (msg.flags ?? 0) | (1 << 5); // HAS_THREAD
    this.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    return { status: 201, body: thread };
  }

  private messageFields(body: any) {
    const out: Record<string, unknown> = {};
    for (const k of ['content', 'embeds', 'components', 'flags', 'allowed_mentions', 'message_reference'] as const)
      if (body && k in body) out[k] = body[k];
    return out;
  }

  private newMessage(
    channelId: string,
    guildId: string | undefined,
    body: any,
    extra: Record<string, unknown> = {},
  ): any {
    const msg = {
      id: snowflake(),
      channel_id: channelId,
      ...(guildId ? { guild_id: guildId } : {}),
      author: this.userPayload(this.bot),
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      type: body?.message_reference ? 19 : 0,
      flags: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      ...extra,
      ...this.messageFields(body),
    };
    this.messages.set(msg.id, msg);
    return msg;
  }

  private metadata(it: InteractionState) {
    return { id: it.id, type: it.type, user: it.user, authorizing_integration_owners: {} };
  }

  private callback(id: string, token: string, query: URLSearchParams, body: any): { status: number; body?: unknown } {
    const it = this.interactions.get(token);
    if (!it || it.id !== id || Date.now() - it.createdAt > this.ackWindowMs)
      return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
    if (it.acknowledged)
      return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    it.acknowledged = true;
    it.ackType = body?.type;
    const data = body?.data ?? {};
    it.ephemeral = ((data.flags ?? 0) & 64) === 64;
    let msg: any;
    switch (body?.type) {
      case 4: // reply
        msg = this.newMessage(it.channelId, it.guildId, data, {
          webhook_id: this.appId,
          application_id: this.appId,
          interaction_metadata: this.metadata(it),
        });
        it.originalMessageId = msg.id;
        break;
      case 5: // deferred reply ("Dossier is thinking…")
        msg = this.newMessage(
          it.channelId,
          it.guildId,
          { flags: (data.flags ?? 0) | 128 },
          { webhook_id: this.appId, application_id: this.appId, interaction_metadata: this.metadata(it) },
        );
        it.originalMessageId = msg.id;
        break;
      case 7: {
        // update the message the component is on
        const src = it.sourceMessageId ? this.messages.get(it.sourceMessageId) : undefined;
        if (src) Object.assign(src, this.messageFields(data), { edited_timestamp: new Date().toISOString() });
        msg = src;
        break;
      }
      case 6: // deferred update
      case 8: // autocomplete result
        break;
      default:
        break;
    }
    if (query.get('with_response') === 'true') {
      return {
        status: 200,
        body: {
          interaction: {
            id: it.id,
            type: it.type,
            activity_instance_id: null,
            response_message_id: msg?.id ?? null,
            response_message_loading: body?.type === 5,
            response_message_ephemeral: it.ephemeral,
          },
          resource: { type: body?.type, ...(msg ? { message: msg } : {}) },
        },
      };
    }
    return { status: 204 };
  }

  // ───────────────────────────── waiting ─────────────────────────────

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Resolves when `check` returns a truthy value (checked after every REST call and gateway change). */
  waitFor<T>(check: () => T | undefined | false | null, timeoutMs = 20_000, what = 'condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const first = check();
      if (first) return resolve(first);
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`fake Discord: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const listener = () => {
        let v: T | undefined | false | null;
        try {
          v = check();
        } catch (e) {
          clearTimeout(timer);
          this.listeners.delete(listener);
          return reject(e);
        }
        if (v) {
          clearTimeout(timer);
          this.listeners.delete(listener);
          resolve(v);
        }
      };
      this.listeners.add(listener);
    });
  }

  waitForReady(timeoutMs = 15_000): Promise<true> {
    return this.waitFor(() => this.connected || undefined, timeoutMs, 'the client to be connected');
  }

  message(id: string): any {
    return this.messages.get(id);
  }

  /** The latest stored message that passes `check` (e.g. the bot's reply to a message). */
  findMessage(check: (m: any) => boolean): any {
    return [...this.messages.values()].reverse().find(check);
  }

  callsFor(token: string): RecordedCall[] {
    return this.calls.filter((c) => c.path.includes(`/${token}/`) || c.path.endsWith(`/${token}`));
  }

  interactionState(token: string): InteractionState | undefined {
    return this.interactions.get(token);
  }
}

/** One interaction the fake sent: what the bot answered to it. */
export class Interaction {
  constructor(
    private readonly fake: FakeDiscord,
    readonly state: InteractionState,
  ) {}

  get id(): string {
    return this.state.id;
  }

  get token(): string {
    return this.state.token;
  }

  /** Every REST call the bot made with this interaction's token, in order. */
  calls(): RecordedCall[] {
    return this.fake.callsFor(this.state.token);
  }

  callback(): RecordedCall | undefined {
    return this.calls().find((c) => c.path.endsWith('/callback') && c.status < 300);
  }

  /** The message shown to the user for this interaction (the reply or the updated component message). */
  message(): any {
    const id = this.state.originalMessageId ?? this.state.sourceMessageId;
    return id ? this.fake.message(id) : undefined;
  }

  /** Waits until the bot's calls for this interaction satisfy `check`. */
  waitFor<T>(
    check: (calls: RecordedCall[], self: Interaction) => T | undefined | false | null,
    timeoutMs = 20_000,
    what = 'a response',
  ): Promise<T> {
    return this.fake.waitFor(() => check(this.calls(), this), timeoutMs, `${what} to interaction ${this.id}`);
  }

  /** The first successful edit of the original reply (after a deferral) or the immediate reply / update. */
  async response(timeoutMs = 20_000): Promise<any> {
    return this.waitFor(
      (calls) => {
        const cb = calls.find((c) => c.path.endsWith('/callback') && c.status < 300);
        if (!cb) return undefined;
        if ([4, 7, 8].includes(cb.body?.type))
          return cb.body.type === 8 ? cb.body.data : (this.message() ?? cb.body.data);
        const edit = calls.find((c) => c.method === 'PATCH' && c.status < 300);
        const follow = calls.find(
          (c) => c.method === 'POST' && /\/webhooks\/\d+\/[^/]+$/.test(c.path) && c.status < 300,
        );
        if (edit) return this.message();
        if (follow) return follow.body;
        return undefined;
      },
      timeoutMs,
      'a response',
    );
  }
}
