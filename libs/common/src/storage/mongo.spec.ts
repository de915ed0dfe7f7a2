import { describe, expect, it } from '@jest/globals';
import { mongoUniqueViolation } from './mongo.js';

const clash = (fields: Record<string, unknown>) => Object.assign(new Error('E11000 duplicate key error'), { code: 11000, ...fields });

describe('mongoUniqueViolation', () => {
  it('names the fields of the key pattern when the error has one', () => {
    expect(mongoUniqueViolation(clash({ keyPattern: { senderId: 1, clientMsgId: 1 } }))).toBe('senderId,clientMsgId');
  });

  it('falls back to the index name in the message when keyPattern is absent, so the clash still maps to its field', () => {
    const error = clash({});
    error.message =
      'Plan executor error during findAndModify :: caused by :: E11000 duplicate key error collection: auth.accounts index: usernameKey_1 dup key: { usernameKey: "erin" }';
    expect(mongoUniqueViolation(error)).toBe('usernameKey_1');
    expect(mongoUniqueViolation(error)?.includes('usernameKey')).toBe(true);
    expect(mongoUniqueViolation(error)?.includes('emailKey')).toBe(false);
  });

  it('says unknown for a clash it cannot name, and nothing for other errors', () => {
    expect(mongoUniqueViolation(clash({ keyPattern: {} }))).toBe('unknown');
    expect(mongoUniqueViolation(Object.assign(new Error('boom'), { code: 2 }))).toBeUndefined();
    expect(mongoUniqueViolation('E11000')).toBeUndefined();
    expect(mongoUniqueViolation(null)).toBeUndefined();
  });
});
