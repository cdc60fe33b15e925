// Paths shared by the archive tests: the repo, its fixtures, and the seed (a copy of the scraped
// intelNews text the product was created from, so a fresh clone tests without the shared data folder beside it).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtures = path.join(repoRoot, 'test/fixtures/archive');
export const fixture = (name: string) => path.join(fixtures, name);
export const seedFile = path.join(repoRoot, 'test/fixtures/seed/000_34875383d5d47655.txt');
