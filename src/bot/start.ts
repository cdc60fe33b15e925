// Placeholder until the Discord issue lands: logs in and serves.
import type { Config } from '../config.js';
import type { DossierService } from '../service-types.js';

export async function startBot(_config: Config, _service: DossierService): Promise<{ stop(): Promise<void> }> {
  throw new Error('The Discord bot is not built yet.');
}
