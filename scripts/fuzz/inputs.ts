/** Fuzz inputs: input `i` of run seed `s` is a mutation of one seed file, rebuilt from (s, i) alone. */
import path from 'node:path';
import type { Seed } from './corpus.ts';
import { mutate, type FuzzLanguage } from './mutate.ts';
import { caseRandom } from './random.ts';

export interface FuzzInput {
  /** `<run seed>:<index>`: enough to rebuild the input with the same seed files. */
  id: string;
  index: number;
  seedName: string;
  /** The path the engine lints it under (the seed's own path: its project and imports apply). */
  fileName: string;
  language: FuzzLanguage;
  /** The file's extension, for the CLI's and the server's copies. */
  ext: string;
  /** What an editor or the CLI passes the engine (no leading BOM). */
  text: string;
  /** The file as written to disk for the CLI (BOM, invalid UTF-8 bytes included). */
  bytes: Buffer;
  bom: boolean;
  ops: string[];
}

export function makeInput(seeds: readonly Seed[], runSeed: number, index: number, donorsOf: (language: FuzzLanguage) => readonly string[]): FuzzInput {
  const r = caseRandom(runSeed, index);
  const seed = r.pick(seeds);
  const m = mutate(seed.text, r, { language: seed.language, donors: donorsOf(seed.language) });
  return {
    id: `${runSeed}:${index}`,
    index,
    seedName: seed.name,
    fileName: seed.fileName,
    language: seed.language,
    ext: path.extname(seed.fileName),
    text: m.text,
    bytes: m.bytes,
    bom: m.bom,
    ops: m.ops,
  };
}

/** Donor texts per language, computed once per seed list. */
export function donorTable(seeds: readonly Seed[]): (language: FuzzLanguage) => readonly string[] {
  const ts = seeds.filter((s) => s.language === 'typescript').map((s) => s.text);
  const py = seeds.filter((s) => s.language === 'python').map((s) => s.text);
  return (language) => (language === 'python' ? py : ts);
}
