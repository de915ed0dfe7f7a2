import { describe, expect, it } from '@jest/globals';
import { IsInt, IsString, validate } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache.js';

const failed = async (value: object) => (await validate(value)).map((error) => error.property).sort();

describe('cacheValidationMetadata', () => {
  it('gives the same verdicts as class-validator, also for a subclass declared after its parent was validated', async () => {
    cacheValidationMetadata();
    class Parent {
      @IsString()
      name: unknown;
    }
    expect(await failed(Object.assign(new Parent(), { name: 1 }))).toEqual(['name']);
    expect(await failed(Object.assign(new Parent(), { name: 'ok' }))).toEqual([]);
    // Declaring a class adds rules: what was worked out before is forgotten, so the child sees its parent's rules and its own.
    class Child extends Parent {
      @IsInt()
      age: unknown;
    }
    expect(await failed(Object.assign(new Child(), { name: 1, age: 'x' }))).toEqual(['age', 'name']);
    expect(await failed(Object.assign(new Child(), { name: 'ok', age: 3 }))).toEqual([]);
    expect(await failed(Object.assign(new Parent(), { name: 2 }))).toEqual(['name']);
  });
});
