// Describes the machine a bench ran on, so figures can be compared across runs.
import os from 'node:os';
import fs from 'node:fs';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
  loadAverageAtStart: number[];
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  let model = cpus[0]?.model?.trim() ?? 'unknown';
  // VMs often report a generic model name; /proc/cpuinfo can be more specific
  try {
    const info = fs.readFileSync('/proc/cpuinfo', 'utf8');
    const m = /model name\s*:\s*(.+)/.exec(info);
    if (m && m[1].trim().length > model.length) model = m[1].trim();
  } catch {
    /* not Linux */
  }
  return {
    cpuModel: model,
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
