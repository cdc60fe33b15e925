// Placeholder: filled in by the issue that owns this command.
import type { Command } from 'commander';

export function registerArchive(_program: Command): void {}
