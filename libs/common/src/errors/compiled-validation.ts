import { TransformationType, type TypeMetadata } from 'class-transformer';
import { defaultMetadataStorage as transformerStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';
import { JSON_MAX_DEPTH } from './json-shape.js';
import { cacheValidationMetadata, validationMetadataVersion } from './validation-metadata-cache.js';

// The fast path of strict validation (STRICT_VALIDATION: whitelist, forbidNonWhitelisted, forbidUnknownValues,
// no groups, no skip options). plainToInstance + validate cost 5–7% of the gateway's and chat's CPU at 1,000 msg/s:
// class-transformer looks up its metadata per key and class-validator builds an error object per property and a
// promise per call. Here each class is compiled once into the steps those two libraries take for it, running
// class-validator's own constraint instances (so every rule means exactly what it means there). It only answers
// "valid, and this is the instance": anything else (invalid, or a shape it does not reproduce) is left to the
// libraries, which then produce today's errors.

type Storage = ReturnType<typeof getMetadataStorage>;
type ValidationMetadata = ReturnType<Storage['getTargetValidationMetadatas']>[number];
type ConstraintMetadata = ReturnType<Storage['getTargetValidatorConstraints']>[number];
type Validator = ConstraintMetadata['instance'];
type Condition = (object: object, value: unknown) => unknown;
type AnyClass = abstract new (...args: never[]) => object;
type Constructible = new () => object;

/** The fast path cannot tell: the caller runs class-transformer and class-validator. */
const UNDECIDED = Symbol('undecided');
type Undecided = typeof UNDECIDED;

/** Keys that Nest's pipe strips and class-transformer skips (json-shape.ts refuses them on the socket). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

interface Check {
  readonly meta: ValidationMetadata;
  readonly validators: readonly Validator[];
}

interface PropertyRules {
  readonly name: string;
  readonly conditions: readonly Condition[];
  /** @IsDefined rules, which class-validator runs before the others. */
  readonly defined: readonly Check[];
  readonly custom: readonly Check[];
  readonly nested: boolean;
}

interface Plan {
  readonly cls: AnyClass;
  /** False when the class uses something this file does not reproduce: always the libraries' path. */
  readonly compilable: boolean;
  /** A class without rules fails under forbidUnknownValues. */
  readonly hasRules: boolean;
  readonly whitelist: ReadonlySet<string>;
  readonly properties: readonly PropertyRules[];
  /** class-transformer's @Type of the whitelisted properties. */
  readonly types: ReadonlyMap<string, TypeMetadata>;
}

let plans = new WeakMap<AnyClass, Plan>();
let plansVersion = -1;

function planOf(cls: AnyClass): Plan {
  const version = validationMetadataVersion();
  if (version !== plansVersion) {
    plans = new WeakMap();
    plansVersion = version;
  }
  let plan = plans.get(cls);
  if (!plan) plans.set(cls, (plan = compile(cls)));
  return plan;
}

function compile(cls: AnyClass): Plan {
  cacheValidationMetadata();
  const storage = getMetadataStorage();
  // The same call, with the same arguments, as class-validator's executor makes (no groups, always=false).
  const metadatas = storage.getTargetValidationMetadatas(cls, undefined as unknown as string, false, false, undefined);
  const grouped = new Map<string, ValidationMetadata[]>();
  for (const meta of metadatas) {
    const list = grouped.get(meta.propertyName) ?? [];
    list.push(meta);
    grouped.set(meta.propertyName, list);
  }
  let compilable = transformerUnderstood(cls, [...grouped.keys()]);
  const properties: PropertyRules[] = [];
  const types = new Map<string, TypeMetadata>();
  for (const [name, list] of grouped) {
    // class-validator groups rules in a plain object: a name of Object.prototype would read the prototype's value.
    if (name in EMPTY) compilable = false;
    const conditions: Condition[] = [];
    const defined: Check[] = [];
    const custom: Check[] = [];
    let nested = false;
    for (const meta of list) {
      switch (meta.type) {
        case ValidationTypes.CONDITIONAL_VALIDATION: {
          const condition = (meta.constraints as unknown[])[0];
          if (typeof condition === 'function') conditions.push(condition as Condition);
          else compilable = false;
          break;
        }
        case ValidationTypes.IS_DEFINED:
        case ValidationTypes.CUSTOM_VALIDATION: {
          const constraints = meta.constraintCls ? storage.getTargetValidatorConstraints(meta.constraintCls) : [];
          if (constraints.length === 0 || constraints.some((constraint) => constraint.async)) compilable = false;
          (meta.type === ValidationTypes.IS_DEFINED ? defined : custom).push({ meta, validators: constraints.map((constraint) => constraint.instance) });
          break;
        }
        case ValidationTypes.NESTED_VALIDATION:
          nested = true;
          break;
        case ValidationTypes.WHITELIST:
          break;
        default:
          // PROMISE_VALIDATION and anything newer.
          compilable = false;
      }
    }
    properties.push({ name, conditions, defined, custom, nested });
    const type = transformerStorage.findTypeMetadata(cls, name);
    if (type) {
      if (type.options?.discriminator || (type.reflectedType as unknown) === Map || !arrayTypeUnderstood(type.reflectedType)) compilable = false;
      types.set(name, type);
    }
  }
  return { cls, compilable, hasRules: metadatas.length > 0, whitelist: new Set(grouped.keys()), properties, types };
}

/** No @Expose/@Exclude/@Transform anywhere on the class: class-transformer then copies each key as it is. */
function transformerUnderstood(cls: AnyClass, names: readonly string[]): boolean {
  if (transformerStorage.getStrategy(cls) !== 'none') return false;
  if (transformerStorage.getExposedMetadatas(cls).length > 0 || transformerStorage.getExcludedMetadatas(cls).length > 0) return false;
  const kinds = [TransformationType.PLAIN_TO_CLASS, TransformationType.CLASS_TO_PLAIN, TransformationType.CLASS_TO_CLASS];
  return names.every((name) => kinds.every((kind) => transformerStorage.findTransformMetadatas(cls, name, kind).length === 0));
}

/** The array class-transformer makes for an array value of a typed property: a plain array in these cases. */
function arrayTypeUnderstood(arrayType: unknown): boolean {
  if (arrayType === undefined || arrayType === Array) return true;
  if (typeof arrayType !== 'function') return false;
  const prototype = (arrayType as { prototype?: object }).prototype;
  return arrayType !== Set && !(prototype instanceof Set) && !!prototype && !('push' in prototype);
}

/** class-transformer leaves out a key that an own property of the prototype or a function of the new object holds. */
function hiddenKey(target: object, prototype: object, key: string): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
  return (descriptor !== undefined && !descriptor.set) || (target as Record<string, unknown>)[key] instanceof Function;
}

/** plainToInstance(cls, plain) for one object, or UNDECIDED. */
function build(plan: Plan, plain: Record<string, unknown>, depth: number): object | Undecided {
  if (!plan.compilable || depth >= JSON_MAX_DEPTH) return UNDECIDED;
  const instance = new (plan.cls as unknown as Constructible)() as Record<string, unknown>;
  const prototype = (plan.cls as { prototype: object }).prototype;
  for (const key of Object.keys(plain)) {
    // An unknown key fails forbidNonWhitelisted; a skipped one would leave part of the input unread.
    if (FORBIDDEN_KEYS.has(key) || !plan.whitelist.has(key) || hiddenKey(instance, prototype, key)) return UNDECIDED;
    const value = plain[key];
    const typeMeta = plan.types.get(key);
    const type: unknown = typeMeta
      ? typeMeta.typeFunction
        ? typeMeta.typeFunction({ newObject: instance, object: plain, property: key })
        : (typeMeta.reflectedType as unknown)
      : undefined;
    const converted = convert(value, type, depth + 1);
    if (converted === UNDECIDED) return UNDECIDED;
    instance[key] = converted;
  }
  return instance;
}

/** class-transformer's plain → class step for one value of a JSON tree (typed by @Type or not), or UNDECIDED. */
function convert(value: unknown, type: unknown, depth: number): unknown {
  if (Array.isArray(value)) {
    if (depth >= JSON_MAX_DEPTH || Object.getPrototypeOf(value) !== Array.prototype) return UNDECIDED;
    const out: unknown[] = [];
    for (let index = 0; index < value.length; index++) {
      // A gap: Nest closes it in place, class-transformer skips it.
      if (!(index in value)) return UNDECIDED;
      const item = convert(value[index], type, depth + 1);
      if (item === UNDECIDED) return UNDECIDED;
      out.push(item);
    }
    return out;
  }
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return UNDECIDED;
  if (type === String || type === Number || type === Boolean) {
    // An object would be turned into "[object Object]" or NaN unread: left to the libraries.
    if (value === null) return value;
    if (typeof value === 'object') return UNDECIDED;
    const primitive = value as string | number | boolean;
    return type === String ? String(primitive) : type === Number ? Number(primitive) : Boolean(primitive);
  }
  if (value === null || typeof value !== 'object') return type === Date || type === Buffer ? UNDECIDED : value;
  // Only JSON's own objects: Buffers, Dates, Maps, class instances and null-prototype objects take the libraries' path.
  if (Object.getPrototypeOf(value) !== Object.prototype || depth >= JSON_MAX_DEPTH) return UNDECIDED;
  const plain = value as Record<string, unknown>;
  if (type === undefined || type === Object) return copy(plain, depth);
  if (typeof type !== 'function' || type === Date || type === Buffer) return UNDECIDED;
  return build(planOf(type as AnyClass), plain, depth);
}

/** An untyped nested object: class-transformer copies it key by key into a new plain object. */
function copy(plain: Record<string, unknown>, depth: number): Record<string, unknown> | Undecided {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(plain)) {
    if (FORBIDDEN_KEYS.has(key) || hiddenKey(out, Object.prototype, key)) return UNDECIDED;
    const converted = convert(plain[key], undefined, depth + 1);
    if (converted === UNDECIDED) return UNDECIDED;
    out[key] = converted;
  }
  return out;
}

function isPromise(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

function arrayLike(value: unknown): value is unknown[] | Set<unknown> | Map<unknown, unknown> {
  return Array.isArray(value) || value instanceof Set || value instanceof Map;
}

/** One rule as class-validator's customValidations runs it: true, false, or UNDECIDED (a promise). */
function passes(object: object, value: unknown, check: Check): boolean | Undecided {
  const { meta } = check;
  if (meta.validateIf && !meta.validateIf(object, value)) return true;
  for (const validator of check.validators) {
    const args: ValidationArguments = {
      targetName: object.constructor ? object.constructor.name : (undefined as unknown as string),
      property: meta.propertyName,
      object,
      value,
      constraints: meta.constraints as unknown[],
    };
    if (!meta.each || !arrayLike(value)) {
      const valid: unknown = validator.validate(value, args);
      if (isPromise(valid)) return UNDECIDED;
      if (!valid) return false;
      continue;
    }
    const items = value instanceof Map ? [...value.values()] : Array.isArray(value) ? value : [...value];
    const results: unknown[] = items.map((item) => validator.validate(item, args));
    if (results.some(isPromise)) return UNDECIDED;
    if (!results.every(Boolean)) return false;
  }
  return true;
}

/** class-validator's nestedValidations for a defined value. */
function nestedPasses(value: unknown): boolean | Undecided {
  if (arrayLike(value)) {
    for (const item of value instanceof Map ? value.values() : value) {
      if (item === undefined) continue;
      const result = nestedPasses(item);
      if (result !== true) return result;
    }
    return true;
  }
  if (value instanceof Object) return objectPasses(value);
  return false;
}

/** class-validator's execute() under STRICT_VALIDATION, reduced to its verdict. */
function objectPasses(object: object): boolean | Undecided {
  const plan = planOf(object.constructor as AnyClass);
  if (!plan.compilable) return UNDECIDED;
  if (!plan.hasRules) return false;
  for (const key of Object.keys(object)) if (!plan.whitelist.has(key)) return false;
  for (const property of plan.properties) {
    const value = (object as Record<string, unknown>)[property.name];
    // Every condition is evaluated, as class-validator does.
    const applies = property.conditions.map((condition) => condition(object, value)).reduce((a, b) => a && b, true);
    if (!applies) continue;
    for (const check of property.defined) {
      const result = passes(object, value, check);
      if (result !== true) return result;
    }
    for (const check of property.custom) {
      const result = passes(object, value, check);
      if (result !== true) return result;
    }
    if (property.nested && value !== undefined) {
      const result = nestedPasses(value);
      if (result !== true) return result;
    }
  }
  return true;
}

/**
 * `plainToInstance(cls, plain)` when `validate(instance, STRICT_VALIDATION)` would find nothing wrong with it;
 * undefined when the payload is invalid or outside what this file reproduces (then run the libraries: they give
 * the errors). A payload accepted here is a plain JSON tree without forbidden keys, gaps or depth beyond
 * JSON_MAX_DEPTH, so Nest's in-place clean-ups and jsonShapeFault would not have changed or refused it either.
 */
export function parseStrictly<T extends object>(cls: new () => T, plain: unknown): T | undefined {
  if (typeof plain !== 'object' || plain === null || Object.getPrototypeOf(plain) !== Object.prototype) return undefined;
  const instance = build(planOf(cls), plain as Record<string, unknown>, 0);
  if (instance === UNDECIDED || instance.constructor !== cls) return undefined;
  return objectPasses(instance) === true ? (instance as T) : undefined;
}

/** Whether parseStrictly can accept payloads of this class at all (tests: the hot classes must be compiled). */
export function isCompiledStrictly(cls: AnyClass): boolean {
  return planOf(cls).compilable;
}
