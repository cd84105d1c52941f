/** `npm run backup -- --data DIR [--out FILE]`: an online backup, safe while the hall runs. */
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { backupNow } from '../services/backup.ts';

const { values } = parseArgs({ options: { data: { type: 'string', default: './data' }, out: { type: 'string' } }, strict: true });
const dataDir = resolve(values.data);
const file = join(dataDir, 'hall.sqlite');
if (!existsSync(file)) {
  process.stderr.write(`no hall database at ${file}\n`);
  process.exit(2);
}
const db = new Database(file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
try {
  if (values.out) {
    await db.backup(resolve(values.out));
    process.stdout.write(`backup written to ${resolve(values.out)}\n`);
  } else {
    process.stdout.write(`backup written to ${await backupNow(db, dataDir, Date.now())}\n`);
  }
} finally {
  db.close();
}
