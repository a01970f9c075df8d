import { getItem } from '@sp/care-catalogue';
import { checkRecognition, type VerifyOptions } from '@sp/credential';
import type { RegisterCache } from './register-cache.js';
import type { TrustedIssuerCache } from './trusted-issuer-cache.js';

/** Which register a report was checked against. */
export interface RegisterUsed {
  url: string;
  did: string;
  version: number;
  issuedAt: string;
}

/** The recognition decision for one verification run. */
export interface Recognition {
  isRecognisedIssuer: NonNullable<VerifyOptions['isRecognisedIssuer']>;
  /** Issuer display names (DID → name) from the register or the allow-list, never from the credential. */
  names: ReadonlyMap<string, string>;
  /** Present when the register decided. */
  register?: RegisterUsed;
}

/** Display names per register (built once per fetched register, not per verification). */
const namesOf = new WeakMap<object, ReadonlyMap<string, string>>();

/**
 * Who decides `issuer_recognised` for this run: the register of recognised issuers when configured (by the
 * credential's catalogue item and its framework at its issuance date, and suspension now), else the
 * verifier's allow-list. A register that cannot be fetched or verified makes the check `unknown`.
 * @example const r = await currentRecognition({ trusted, register }); verifyPresentationJwt(vp, { ...o, isRecognisedIssuer: r.isRecognisedIssuer });
 */
export async function currentRecognition(deps: {
  trusted: TrustedIssuerCache;
  register?: RegisterCache | undefined;
}): Promise<Recognition> {
  if (!deps.register) {
    const trusted = await deps.trusted.current();
    return {
      names: trusted,
      isRecognisedIssuer: (did) =>
        trusted.has(did)
          ? { recognised: true }
          : { recognised: false, detail: 'The issuer is not on this verifier’s allow-list' },
    };
  }
  let index: Awaited<ReturnType<RegisterCache['current']>>;
  try {
    index = await deps.register.current();
  } catch (err) {
    const message = (err as Error)?.message ?? 'unavailable';
    return {
      names: new Map(),
      isRecognisedIssuer: () => {
        throw new Error(message);
      },
    };
  }
  let names = namesOf.get(index);
  if (!names) {
    names = new Map([...index.byDid.values()].map((i) => [i.did, i.name]));
    namesOf.set(index, names);
  }
  return {
    names,
    register: {
      url: deps.register.source.url,
      did: deps.register.source.did,
      version: index.register.version,
      issuedAt: index.register.issuedAt,
    },
    isRecognisedIssuer: (issuerDid, _vc, { issuedAt, catalogueCode }) => {
      const framework = catalogueCode ? (getItem(catalogueCode)?.framework ?? null) : null;
      return checkRecognition(index, { issuerDid, catalogueCode, framework, issuedAt });
    },
  };
}
