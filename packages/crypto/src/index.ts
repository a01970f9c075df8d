export type { JWK } from 'jose';
export type { SigningAlg, SigningKeyPair } from './keys.js';
export {
  SIGNING_ALGS,
  algForJwk,
  generateSigningKey,
  importKey,
  importKeyCacheSize,
  verifyCompactJws,
} from './keys.js';
export { KeyUnsealError, openPrivateKey, parseKek, rewrapPrivateKey, sealPrivateKey } from './seal.js';
export { type RewrapLogger, rewrapSealedKeys, type SealedKeySource } from './rewrap.js';
export { generateApiKey, hashPassword, randomToken, sha256, verifyPassword } from './secrets.js';
