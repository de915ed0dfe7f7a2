import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import bcrypt from 'bcrypt';
import { AuthEnv } from '../auth.env.js';

@Injectable()
export class PasswordHasher implements OnModuleInit {
  /** Compared against when the login is unknown, so both failures cost one bcrypt comparison. */
  private dummyHash = '';

  constructor(@Inject(AuthEnv) private readonly env: AuthEnv) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await bcrypt.hash('dummy password for timing equalisation', this.env.BCRYPT_COST);
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.env.BCRYPT_COST);
  }

  async verify(password: string, hash: string | undefined): Promise<boolean> {
    const matches = await bcrypt.compare(password, hash ?? this.dummyHash);
    return hash !== undefined && matches;
  }

  /** True when the hash was made with another cost than the configured one (rehash on next login). */
  isOutdated(hash: string): boolean {
    return bcrypt.getRounds(hash) !== this.env.BCRYPT_COST;
  }
}
