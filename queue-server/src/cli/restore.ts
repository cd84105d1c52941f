/** `npm run restore -- --data DIR --from FILE`: validate a backup and put it in place (hall stopped). */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { RestoreError, restoreBackup } from '../services/backup.ts';
import { DataDirLockedError, lockDataDir } from '../services/data-lock.ts';

let values;
try {
  values = parseArgs({ options: { data: { type: 'string', default: './data' }, from: { type: 'string' } }, strict: true }).values;
} catch (err) {
  process.stderr.write(`${(err as Error).message}\nusage: npm run restore -- --data DIR --from FILE\n`);
  process.exit(2);
}
if (!values.from) {
  process.stderr.write('usage: npm run restore -- --data DIR --from FILE\n');
  process.exit(2);
}
// The hall must be stopped: its data-folder lock is taken for the restore, so a running server refuses it.
let unlock: () => void = () => {};
try {
  mkdirSync(resolve(values.data), { recursive: true });
  unlock = lockDataDir(resolve(values.data));
} catch (err) {
  if (err instanceof DataDirLockedError) {
    process.stderr.write(`restore refused: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
try {
  const r = restoreBackup(resolve(values.data), resolve(values.from), Date.now());
  unlock();
  process.stdout.write(
    `restored ${r.tickets} tickets from ${r.replacedWith}${r.keptOld ? `; the previous database is kept at ${r.keptOld}` : ''}\n`,
  );
} catch (err) {
  unlock();
  if (err instanceof RestoreError) {
    process.stderr.write(`restore refused: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
