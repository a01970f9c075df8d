import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_LIST_SIZE,
  DecodeListError,
  createBitstring,
  decodeList,
  encodeList,
  getBit,
  pickFreeIndex,
  setBit,
  statusEntry,
  statusListCredentialPayload,
  zBitstringStatusListEntry,
  zBitstringStatusListSubject,
} from '../src/index.js';

interface Vector {
  description: string;
  encodedList: string;
  expected:
    | { ok: true; bytes: number; entries: number; setIndices: number[]; firstBytesHex?: string }
    | { ok: false; code: string };
}

const vectorDir = join(dirname(fileURLToPath(import.meta.url)), 'vectors');
const vectors = readdirSync(vectorDir)
  .filter((f) => f.endsWith('.json'))
  .map(
    (f) =>
      [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(vectorDir, f), 'utf8')) as Vector] as const,
  );

function setIndices(bits: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < bits.length * 8; i++) if (getBit(bits, i)) out.push(i);
  return out;
}

describe('vectors', () => {
  it('includes the spec example and the named negatives', () => {
    expect(vectors.map(([name]) => name)).toEqual(
      expect.arrayContaining(['spec-example', 'bad-prefix', 'not-gzip', 'oversized', 'padded', 'set-bits']),
    );
  });

  it.each(vectors)('%s', (_name, vector) => {
    if (vector.expected.ok) {
      const bits = decodeList(vector.encodedList);
      expect(bits.length).toBe(vector.expected.bytes);
      expect(bits.length * 8).toBe(vector.expected.entries);
      expect(setIndices(bits)).toEqual(vector.expected.setIndices);
      if (vector.expected.firstBytesHex) {
        expect(Buffer.from(bits.subarray(0, 2)).toString('hex')).toBe(vector.expected.firstBytesHex);
      }
    } else {
      let caught: unknown;
      try {
        decodeList(vector.encodedList);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(DecodeListError);
      expect((caught as DecodeListError).code).toBe(vector.expected.code);
    }
  });

  it('the spec example is the list of 131,072 zero entries', () => {
    const spec = vectors.find(([n]) => n === 'spec-example')![1];
    expect(decodeList(spec.encodedList)).toEqual(createBitstring(DEFAULT_LIST_SIZE));
  });
});

describe('bit order and range', () => {
  it('index 0 is the most significant bit of byte 0', () => {
    const sut = createBitstring(16);
    setBit(sut, 0, true);
    expect(sut[0]).toBe(0x80);
    setBit(sut, 9, true);
    expect(sut[1]).toBe(0x40);
    expect(getBit(sut, 0)).toBe(true);
    expect(getBit(sut, 1)).toBe(false);
    setBit(sut, 0, false);
    expect(sut[0]).toBe(0);
  });

  it('throws RangeError outside the list', () => {
    const sut = createBitstring(16);
    expect(() => getBit(sut, 16)).toThrow(RangeError);
    expect(() => setBit(sut, -1, true)).toThrow(RangeError);
    expect(() => getBit(sut, 1.5)).toThrow(RangeError);
  });

  it('createBitstring refuses sizes that are not whole bytes', () => {
    expect(createBitstring().length).toBe(16_384);
    expect(() => createBitstring(10)).toThrow(TypeError);
    expect(() => createBitstring(0)).toThrow(TypeError);
  });
});

describe('encodeList / decodeList', () => {
  it('round-trips a list with bits set and uses the multibase u prefix without padding', () => {
    const bits = createBitstring();
    for (const i of [3, 4096, 131_071]) setBit(bits, i, true);
    const sut = encodeList(bits);
    expect(sut).toMatch(/^uH4sI[A-Za-z0-9_-]+$/);
    expect(setIndices(decodeList(sut))).toEqual([3, 4096, 131_071]);
  });

  it('refuses an empty string', () => {
    expect(() => decodeList('')).toThrow(DecodeListError);
  });
});

describe('pickFreeIndex', () => {
  it('returns the random draw when it is free', () => {
    expect(
      pickFreeIndex(
        () => false,
        100,
        () => 42,
      ),
    ).toBe(42);
  });

  it('never reuses a taken index and falls back to a scan', () => {
    const taken = new Set([42, 43]);
    expect(
      pickFreeIndex(
        (i) => taken.has(i),
        100,
        () => 42,
      ),
    ).toBe(44);
  });

  it('finds the last free index of a nearly full list', () => {
    const size = 1_000;
    let calls = 0;
    const sut = pickFreeIndex(
      (i) => i !== 517,
      size,
      () => calls++ % size,
    );
    expect(sut).toBe(517);
  });

  it('throws RangeError when the list is full', () => {
    expect(() => pickFreeIndex(() => true, 64)).toThrow(RangeError);
  });

  it('spreads allocations over the list by default', () => {
    const taken = new Set<number>();
    for (let i = 0; i < 200; i++) taken.add(pickFreeIndex((j) => taken.has(j), DEFAULT_LIST_SIZE));
    expect(taken.size).toBe(200);
    expect(Math.max(...taken)).toBeGreaterThan(DEFAULT_LIST_SIZE / 2);
  });

  it('throws TypeError for a random source out of range', () => {
    expect(() =>
      pickFreeIndex(
        () => false,
        10,
        () => 10,
      ),
    ).toThrow(TypeError);
  });
});

describe('statusEntry / statusListCredentialPayload', () => {
  it('builds an entry that passes its own schema', () => {
    const sut = statusEntry({
      listUrl: 'https://issuer.example/status/3',
      index: 94567,
      purpose: 'revocation',
    });
    expect(sut).toEqual({
      id: 'https://issuer.example/status/3#94567',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '94567',
      statusListCredential: 'https://issuer.example/status/3',
    });
    expect(zBitstringStatusListEntry.safeParse(sut).success).toBe(true);
  });

  it('refuses misuse with TypeError', () => {
    expect(() => statusEntry({ listUrl: 'not a url', index: 1, purpose: 'revocation' })).toThrow(TypeError);
    expect(() => statusEntry({ listUrl: 'https://x.example/s', index: -1, purpose: 'revocation' })).toThrow(
      TypeError,
    );
    expect(() =>
      statusEntry({ listUrl: 'https://x.example/s', index: 1, purpose: 'message' as never }),
    ).toThrow(TypeError);
  });

  it('the entry schema refuses a numeric or padded index', () => {
    const entry = statusEntry({
      listUrl: 'https://issuer.example/status/3',
      index: 5,
      purpose: 'suspension',
    });
    expect(zBitstringStatusListEntry.safeParse({ ...entry, statusListIndex: 5 }).success).toBe(false);
    expect(zBitstringStatusListEntry.safeParse({ ...entry, statusListIndex: '05' }).success).toBe(false);
    expect(zBitstringStatusListEntry.safeParse({ ...entry, statusSize: 2 }).success).toBe(false);
  });

  it('builds the list credential in the spec example shape', () => {
    const bits = createBitstring();
    setBit(bits, 7, true);
    const sut = statusListCredentialPayload({
      id: 'https://example.com/credentials/status/3',
      issuer: 'did:example:12345',
      purpose: 'revocation',
      bits,
      validFrom: new Date('2021-04-05T14:27:40.123Z'),
    });
    expect(sut).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'https://example.com/credentials/status/3',
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'did:example:12345',
      validFrom: '2021-04-05T14:27:40Z',
      credentialSubject: {
        id: 'https://example.com/credentials/status/3#list',
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
      },
    });
    expect('validUntil' in sut).toBe(false);
    expect(zBitstringStatusListSubject.safeParse(sut.credentialSubject).success).toBe(true);
    expect(getBit(decodeList(sut.credentialSubject.encodedList), 7)).toBe(true);
  });
});
