import { describe, expect, it } from '@jest/globals';
import { Payload } from '@nestjs/microservices';
import { AUTH_SUBJECTS, BROADCAST_CONTRACTS, type Caller, EVENT_CONTRACTS, RevokeSessionCommand, RPC_CONTRACTS, SessionCommand } from '#contracts';
import { RpcHandler } from './rpc-handler.decorators.js';

describe('typed contracts at run time', () => {
  it('gives every subject exactly one entry across all maps', () => {
    const subjects = [...RPC_CONTRACTS, ...BROADCAST_CONTRACTS, ...EVENT_CONTRACTS].map((c) => c.subject);
    expect(subjects.length).toBeGreaterThan(40);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it('registers a handler whose parameter is the contract command class', () => {
    class Handlers {
      @RpcHandler(AUTH_SUBJECTS.revokeSession)
      revoke(@Payload() _cmd: RevokeSessionCommand): void {}
    }
    expect(Handlers).toBeDefined();
  });

  it('refuses, at start-up, a look-alike parameter class: it compiles, but the pipe would validate its (missing) rules', () => {
    /** Same shape as SessionCommand, none of its validation decorators. */
    class LookAlike {
      caller: Caller;
    }
    const declare = () => {
      class Handlers {
        @RpcHandler(AUTH_SUBJECTS.logout)
        logout(@Payload() _cmd: LookAlike): void {}
      }
      return Handlers;
    };
    expect(declare).toThrow(`@RpcHandler(auth.logout) on logout: the parameter must be ${SessionCommand.name}`);
  });
});
