/**
 * Finds Prometheus and Alertmanager on PATH. Debian's package installs Alertmanager as
 * `prometheus-alertmanager`; upstream's tarball calls it `alertmanager`.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export interface AlertingBinaries {
  prometheus: string;
  alertmanager: string;
}

export const INSTALL_HINT = 'apt-get install prometheus prometheus-alertmanager';

function onPath(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/** The binaries, or the names of the missing ones. */
export function findAlertingBinaries(searchPath = process.env.PATH ?? ''): AlertingBinaries | { missing: string[] } {
  const prometheus = onPath('prometheus', searchPath);
  const alertmanager = onPath('alertmanager', searchPath) ?? onPath('prometheus-alertmanager', searchPath);
  if (prometheus && alertmanager) return { prometheus, alertmanager };
  return { missing: [...(prometheus ? [] : ['prometheus']), ...(alertmanager ? [] : ['alertmanager'])] };
}
