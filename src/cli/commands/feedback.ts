// Placeholder: filled in by the issue that owns this command.
import type { Command } from 'commander';

export function registerFeedback(_program: Command): void {}
