export type { KeyResolver, ResolvedKey } from './internal/resolver.js';
export type {
  CredentialSummary,
  DeliveryMode,
  SkillsPassportFields,
  TrainingCredentialInput,
  VcV1,
} from './model.js';
export {
  ACHIEVEMENT_TYPES,
  DELIVERY_MODES,
  OB_CONTEXT,
  VC_CONTEXT_V1,
  buildTrainingCredential,
  summariseCredential,
  zTrainingCredentialInput,
  zVcV1,
} from './model.js';
export type { StatusListVc } from './sign.js';
export {
  KEY_PROOF_TYP,
  createKeyProofJwt,
  signCredentialJwt,
  signPresentationJwt,
  signStatusListCredentialJwt,
} from './sign.js';
export type { VcJwtPayload } from './decode.js';
export { decodeCredentialJwt } from './decode.js';
export type {
  Check,
  CheckName,
  CheckResult,
  CachedStatusList,
  CredentialReport,
  PresentationReport,
  ReasonCode,
  RecognitionAnswer,
  StatusListCache,
  VerifyOptions,
} from './types.js';
export type {
  Register,
  RegisterAuthorisation,
  RegisterIndex,
  RegisterIssuer,
  RegisterVerification,
} from './register.js';
export {
  REGISTER_TYP,
  REGISTER_VALIDITY_SECONDS,
  checkRecognition,
  indexRegister,
  signRegisterJwt,
  verifyRegisterJwt,
  zRegister,
  zRegisterAuthorisation,
  zRegisterIssuer,
} from './register.js';
export { verifyCredentialJwt, verifyPresentationJwt } from './verify.js';
export { createStatusListCache } from './status-list-cache.js';
export { verifyKeyProofJwt } from './key-proof.js';
