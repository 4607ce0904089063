/** A small seeded generator for fuzz tests: the same seed gives the same inputs, so a failure can be replayed. */
export interface Random {
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  string(maxLength: number, alphabet?: string): string;
  bytes(maxLength: number): Buffer;
  /** Strings that have hurt parsers before: control characters, quotes, shell and template syntax, long runs. */
  hostile(): string;
}

const PRINTABLE = Array.from({ length: 95 }, (_, n) => String.fromCharCode(32 + n)).join('');
const HOSTILE = [
  '', ' ', '\t', '\u0000', '\u202e', '"', "'", '\\', '`$(id)`', '${process.exit()}', '{{7*7}}', '<script>alert(1)</script>',
  '../../etc/passwd', '%00', '\r\nX-Injected: 1', 'NaN', '-1', '1e309', '__proto__', 'constructor', '🔑', 'a'.repeat(10_000),
];

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  // mulberry32
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random: Random = {
    int: (maxExclusive) => Math.floor(next() * maxExclusive),
    pick: (items) => items[random.int(items.length)]!,
    string: (maxLength, alphabet = PRINTABLE) => Array.from({ length: random.int(maxLength + 1) }, () => alphabet[random.int(alphabet.length)]).join(''),
    bytes: (maxLength) => Buffer.from(Array.from({ length: random.int(maxLength + 1) }, () => random.int(256))),
    hostile: () => (random.int(3) === 0 ? random.string(40) : random.pick(HOSTILE)),
  };
  return random;
}
