export type { DecodeListErrorCode } from './bitstring.js';
export {
  DEFAULT_LIST_SIZE,
  DecodeListError,
  MAX_DECODED_BYTES,
  MIN_LIST_SIZE,
  createBitstring,
  decodeList,
  encodeList,
  getBit,
  pickFreeIndex,
  setBit,
} from './bitstring.js';
export type { BitstringStatusListEntry, BitstringStatusListSubject, StatusPurpose } from './credential.js';
export {
  statusEntry,
  statusListCredentialPayload,
  zBitstringStatusListEntry,
  zBitstringStatusListSubject,
} from './credential.js';
