/** The disk's answers to the analysis's path questions (core/files.ts's FileProbe). */
import { existsSync, statSync } from 'node:fs';
import type { FileProbe } from '../core/files.ts';

export const diskProbe: FileProbe = {
  exists: (p) => existsSync(p),
  isFile: (p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  },
};
