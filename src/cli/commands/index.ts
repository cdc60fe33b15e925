// Placeholder: filled in by the issue that owns this command.
import type { Command } from 'commander';

export function registerIndex(_program: Command): void {}
