/**
 * The proxy's secrets: the HMAC key of identifier fingerprints and the Ed25519 key that signs log
 * entries and checkpoints. Generated on first start into the secrets directory (0700), each file
 * 0600. The signing key may live elsewhere (`--signing-key FILE`, outside the data directory in
 * production, so that a copy of the data cannot re-sign a rewritten log); its public key is written
 * beside it as FILE.pub.pem.
 */
import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { plainText } from '../../shared/normalize';

export interface Keys {
  /** HMAC-SHA256 of a type and an identifier's digits: searchable, not reversible without the key. */
  fingerprint(type: string, value: string): string;
  /** HMAC-SHA256 of free text for one purpose (a typed sign-in email): comparable, never readable. */
  keyedHash(purpose: string, text: string): string;
  signCheckpoint(text: string): string;
  verifyCheckpoint(text: string, signature: string): boolean;
  /** First 16 hex digits of SHA-256 of the public key (SPKI DER). */
  keyId: string;
  publicKeyPem: string;
}

const HMAC_FILE = 'fingerprint-hmac.key';
const PRIVATE_FILE = 'checkpoint-ed25519.pem';
const PUBLIC_FILE = 'checkpoint-ed25519.pub.pem';

function writeSecret(path: string, data: string): void {
  writeFileSync(path, data, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

/** Where the signing key and its public key are: in the secrets directory unless given. */
export function signingKeyPaths(dir: string, signingKey?: string): { privPath: string; pubPath: string } {
  return signingKey
    ? { privPath: signingKey, pubPath: signingKey.replace(/(\.pem)?$/, '.pub.pem') }
    : { privPath: join(dir, PRIVATE_FILE), pubPath: join(dir, PUBLIC_FILE) };
}

/** Loads the keys, generating any that are missing. */
export function loadOrCreateKeys(dir: string, signingKey?: string): Keys {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const hmacPath = join(dir, HMAC_FILE);
  const { privPath, pubPath } = signingKeyPaths(dir, signingKey);
  if (signingKey) mkdirSync(dirname(privPath), { recursive: true, mode: 0o700 });
  if (!existsSync(hmacPath)) {
    writeSecret(hmacPath, createHash('sha256').update(globalThis.crypto.getRandomValues(new Uint8Array(64))).digest('base64') + '\n');
  }
  if (!existsSync(privPath)) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeSecret(privPath, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    writeSecret(pubPath, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  }
  const hmacKey = Buffer.from(readFileSync(hmacPath, 'utf8').trim(), 'base64');
  const privateKey = createPrivateKey(readFileSync(privPath));
  const publicKey = createPublicKey(privateKey);
  if (!existsSync(pubPath)) writeSecret(pubPath, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  for (const f of [hmacPath, privPath, pubPath]) chmodSync(f, 0o600);
  return makeKeys(hmacKey, privateKey, publicKey);
}

/** Where a signing key's public key is kept once the key was rotated out: FILE.<keyId>.retired.pub.pem. */
export function retiredPublicKeyPath(pubPath: string, keyId: string): string {
  return pubPath.replace(/\.pub\.pem$/, '').replace(/\.pem$/, '') + `.${keyId}.retired.pub.pem`;
}

/** The public keys of signing keys rotated out, beside the current one (verify-log reads them too). */
export function readRetiredPublicKeys(dir: string, signingKey?: string): string[] {
  const { pubPath } = signingKeyPaths(dir, signingKey);
  const folder = dirname(pubPath);
  const stem = basename(retiredPublicKeyPath(pubPath, 'KEYID')).split('KEYID')[0]!;
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.startsWith(stem) && f.endsWith('.retired.pub.pem'))
    .sort()
    .map((f) => readFileSync(join(folder, f), 'utf8'));
}

export interface Rotation {
  old: Keys;
  next: Keys;
  /** Puts the new key in the old one's place and keeps the old public key as a retired one. */
  finish(): { retiredPublicKey: string };
}

/**
 * The current keys and the next signing key: generated into FILE.next (0600) unless a rotation that
 * was cut off left one there, in which case that one is taken again.
 */
export function prepareRotation(dir: string, signingKey?: string): Rotation {
  const { privPath, pubPath } = signingKeyPaths(dir, signingKey);
  const hmacPath = join(dir, HMAC_FILE);
  if (!existsSync(privPath) || !existsSync(hmacPath)) throw new Error(`no signing key at ${privPath} to rotate`);
  const hmacKey = Buffer.from(readFileSync(hmacPath, 'utf8').trim(), 'base64');
  const oldPrivate = createPrivateKey(readFileSync(privPath));
  const old = makeKeys(hmacKey, oldPrivate, createPublicKey(oldPrivate));
  const nextPath = `${privPath}.next`;
  if (!existsSync(nextPath)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeSecret(nextPath, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  }
  const nextPrivate = createPrivateKey(readFileSync(nextPath));
  const next = makeKeys(hmacKey, nextPrivate, createPublicKey(nextPrivate));
  return {
    old,
    next,
    finish() {
      const retired = retiredPublicKeyPath(pubPath, old.keyId);
      if (!existsSync(retired)) writeSecret(retired, old.publicKeyPem);
      writeFileSync(`${pubPath}.next`, next.publicKeyPem, { mode: 0o600 });
      renameSync(`${pubPath}.next`, pubPath);
      renameSync(nextPath, privPath);
      return { retiredPublicKey: retired };
    },
  };
}

/** Only the public key, for verifying a log without the ability to sign (`verify-log --public-key`). */
export function publicKeyFrom(pem: string): Pick<Keys, 'verifyCheckpoint' | 'keyId' | 'publicKeyPem'> {
  const pub = createPublicKey(pem);
  return {
    keyId: keyIdOf(pub),
    publicKeyPem: pub.export({ type: 'spki', format: 'pem' }).toString(),
    verifyCheckpoint: (text, signature) => verifySig(pub, text, signature),
  };
}

/** The public key beside the signing key; never creates one. */
export function readPublicKeyFile(dir: string, signingKey?: string): string {
  return readFileSync(signingKeyPaths(dir, signingKey).pubPath, 'utf8');
}

export function makeKeys(hmacKey: Buffer, privateKey: KeyObject, publicKey: KeyObject): Keys {
  return {
    fingerprint: (type, value) =>
      createHmac('sha256', hmacKey).update(`${type}:${plainText(value).replace(/\D/g, '')}`).digest('hex'),
    keyedHash: (purpose, text) => createHmac('sha256', hmacKey).update(`${purpose}\u0000${text}`).digest('hex'),
    signCheckpoint: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64'),
    verifyCheckpoint: (text, signature) => verifySig(publicKey, text, signature),
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Keys held only in memory (tests, benchmarks). */
export function ephemeralKeys(): Keys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return makeKeys(Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))), privateKey, publicKey);
}

function keyIdOf(pub: KeyObject): string {
  return createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function verifySig(pub: KeyObject, text: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), pub, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
