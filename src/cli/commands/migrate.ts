// `dossier migrate --to postgres://…`: copies the embedded index (INDEX_DIR, or --from) into PostgreSQL
// without re-embedding, and publishes it there; INDEX_STORE=<that URL> then serves from it.
import path from 'node:path';
import type { Command } from 'commander';
import { describeUrl } from '../../store/describe.js';
import { action, config, UserError } from '../context.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Copy the embedded index into PostgreSQL + pgvector (no re-embedding), then publish it there.')
    .requiredOption('--to <url>', 'postgres://user:password@host:5432/database (the server needs pgvector 0.7+)')
    .option('--from <dir>', 'the embedded index folder to copy (default: INDEX_DIR)')
    .action(
      action(async (o: { to: string; from?: string }) => {
        const cfg = config();
        if (!/^postgres(ql)?:\/\/\S+$/.test(o.to))
          throw new UserError(
            '--to must be a postgres:// connection URL, e.g. postgres://dossier:secret@db:5432/dossier',
          );
        const from = o.from ? path.resolve(o.from) : cfg.indexDir;
        const [{ PostgresStore }, { copyToPostgres }] = await Promise.all([
          import('../../store/postgres/store.js'),
          import('../../store/migrate.js'),
        ]);
        const to = new PostgresStore(o.to);
        try {
          process.stderr.write(`Copying the index in ${from} to ${describeUrl(o.to)}\n`);
          const s = await copyToPostgres(from, to, (done, total) => {
            if (process.stderr.isTTY) process.stderr.write(`\r  ${done}/${total} passages`);
          });
          if (process.stderr.isTTY) process.stderr.write('\n');
          process.stdout.write(
            `Copied ${s.articles} articles and ${s.chunks} passages into ${s.generation} in ${s.seconds.toFixed(1)} s (nothing re-embedded).\n` +
              'Serve from it: set INDEX_STORE to the same URL (in .env) and restart the bot.\n',
          );
        } catch (err) {
          const { userError } = await import('../../service/user-errors.js');
          throw userError(err, from) ?? err;
        } finally {
          await to.close();
        }
      }),
    );
}
