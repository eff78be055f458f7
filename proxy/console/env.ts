/** What a console request carries once signed in (set by the session middleware). */
import type { Account } from '../store/types';

export type ConsoleEnv = { Variables: { account: Account; csrf: string; sessionHash: string; /** The public address is https. */ publicHttps?: boolean } };
