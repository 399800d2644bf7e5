import sharp from 'sharp';

/** Pixels a picture may decode to (a 2 MiB file claiming 50,000 × 50,000 is refused before decoding: a decompression bomb). */
export const MAX_IMAGE_PIXELS = 40_000_000;

const SIZE = 32;
const LOW = 8;

// DCT-II basis for 32 samples, the 8 lowest frequencies: COS[u][x] = cos((2x + 1)uπ / 64)
const COS = Array.from({ length: LOW }, (_, u) => Array.from({ length: SIZE }, (__, x) => Math.cos(((2 * x + 1) * u * Math.PI) / (2 * SIZE))));

/**
 * The 64-bit perceptual hash of a picture (pHash, as `sharp-phash` and most tools compute it): the
 * picture in grey at 32 × 32, its 2-D DCT, the 8 × 8 lowest frequencies, each bit 1 where the
 * coefficient is above their median. Pictures that look alike (resized, recompressed, slightly
 * recoloured) differ in few bits: the Hamming distance compares them. Answered as a signed 64-bit
 * integer, as PostgreSQL's bigint keeps it (`bit_count((a # b)::bit(64))` is the distance).
 * Throws when the bytes are not a picture sharp can read, or decode to too many pixels.
 */
export async function perceptualHash(bytes: Buffer): Promise<bigint> {
  const pixels = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', animated: false })
    .greyscale().resize(SIZE, SIZE, { fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer();
  return hashOfGrey(pixels);
}

/** The hash of 32 × 32 grey pixels (row by row), for tests and for callers that have them. */
export function hashOfGrey(pixels: Uint8Array): bigint {
  if (pixels.length !== SIZE * SIZE) throw new Error(`Expected ${SIZE * SIZE} grey pixels`);
  // rows first (only the 8 low frequencies are needed), then columns
  const rows: number[][] = [];
  for (let y = 0; y < SIZE; y++) {
    rows.push(COS.map((basis) => {
      let sum = 0;
      for (let x = 0; x < SIZE; x++) sum += pixels[y * SIZE + x] * basis[x];
      return sum;
    }));
  }
  const coefficients: number[] = [];
  for (let v = 0; v < LOW; v++) {
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let y = 0; y < SIZE; y++) sum += rows[y][u] * COS[v][y];
      coefficients.push(sum);
    }
  }
  const median = [...coefficients].sort((a, b) => a - b)[coefficients.length / 2];
  let hash = 0n;
  // above the median by more than rounding: a flat picture hashes alike whatever the float noise
  for (const c of coefficients) hash = (hash << 1n) | (c - median > 1e-6 ? 1n : 0n);
  return BigInt.asIntN(64, hash);
}

/** Bits that differ between two hashes (0: alike, 64: opposite). */
export function hammingDistance(a: bigint, b: bigint): number {
  let x = BigInt.asUintN(64, a ^ b);
  let n = 0;
  while (x) {
    n += Number(x & 1n);
    x >>= 1n;
  }
  return n;
}

/** A hash as its two 32-bit halves, to compare many hashes fast (`halvesDistance`): BigInt arithmetic is ~50 times slower. */
export function hashHalves(hash: bigint | string): [number, number] {
  const h = BigInt.asUintN(64, BigInt(hash));
  return [Number(h >> 32n), Number(h & 0xffffffffn)];
}

/** `hammingDistance` of two hashes as `hashHalves` gives them (high, low), as plain numbers: nothing allocated per comparison. */
export function halvesDistance(aHigh: number, aLow: number, bHigh: number, bLow: number): number {
  return popCount32(aHigh ^ bHigh) + popCount32(aLow ^ bLow);
}

/** The bits set in a 32-bit integer. */
function popCount32(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** A hash as 16 hex digits, the way people compare them. */
export function hashHex(hash: bigint | string): string {
  return BigInt.asUintN(64, BigInt(hash)).toString(16).padStart(16, '0');
}
