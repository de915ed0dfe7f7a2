import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file the image's CMD, `npm start` and the e2e harness read node's flags from (docs/adr/0021). */
const SERVICE_NODE_FLAGS_FILE = 'deploy/service-node-flags';

/** node's command-line flags for a service, from SERVICE_NODE_FLAGS_FILE under the repository's root. */
export function serviceNodeFlags(root: string): string[] {
  return readFileSync(join(root, SERVICE_NODE_FLAGS_FILE), 'utf8')
    .split('\n')
    .flatMap((line) => line.replace(/#.*/, '').trim().split(/\s+/))
    .filter((flag) => flag !== '');
}
