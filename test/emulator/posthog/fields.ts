/**
 * DRF-style field parsing of request bodies: each reader returns `undefined` when the field is
 * absent and throws the DRF validation error (message, code and `attr` as DRF words them) when the
 * value is invalid.
 */
import { invalidChoice, validationError } from "./errors";

/** Python's name of a JSON value's type, as DRF messages quote it. */
function pythonType(value: unknown): string {
  if (value === null) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return "dict";
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The request body as an object, or DRF's non-field error for anything else. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || body === "") return {};
  if (!isObject(body)) {
    throw validationError(`Invalid data. Expected a dictionary, but got ${pythonType(body)}.`);
  }
  return body;
}

const TRUE_VALUES = new Set<unknown>([
  true,
  1,
  "1",
  "true",
  "True",
  "TRUE",
  "yes",
  "Yes",
  "on",
  "On",
  "t",
  "T",
  "y",
  "Y",
]);
const FALSE_VALUES = new Set<unknown>([
  false,
  0,
  "0",
  "false",
  "False",
  "FALSE",
  "no",
  "No",
  "off",
  "Off",
  "f",
  "F",
  "n",
  "N",
]);
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,6})?)?$/;

/** Reads fields of one object; `attrPrefix` nests `attr` (e.g. `schemas__0__`). */
export class FieldReader {
  constructor(
    readonly data: Record<string, unknown>,
    private readonly attrPrefix = "",
  ) {}

  /** True when the body carries the key (even with null). */
  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.data, key);
  }

  private attr(key: string): string {
    return `${this.attrPrefix}${key}`;
  }

  private nullCheck(key: string, allowNull: boolean): boolean {
    if (this.data[key] !== null) return false;
    if (!allowNull) throw validationError("This field may not be null.", this.attr(key), "null");
    return true;
  }

  /** DRF BooleanField. */
  boolean(key: string): boolean | undefined {
    if (!this.has(key)) return undefined;
    this.nullCheck(key, false);
    const value = this.data[key];
    if (TRUE_VALUES.has(value)) return true;
    if (FALSE_VALUES.has(value)) return false;
    throw validationError("Must be a valid boolean.", this.attr(key));
  }

  /** DRF ChoiceField. */
  choice<T extends string>(key: string, choices: readonly T[], allowNull = true): T | null | undefined {
    if (!this.has(key)) return undefined;
    if (this.nullCheck(key, allowNull)) return null;
    const value = this.data[key];
    if (typeof value !== "string" || !(choices as readonly string[]).includes(value)) {
      throw invalidChoice(value, this.attr(key));
    }
    return value as T;
  }

  /** DRF CharField (numbers are accepted and stringified, as DRF does). */
  string(
    key: string,
    options: { allowNull?: boolean; allowBlank?: boolean; maxLength?: number } = {},
  ): string | null | undefined {
    if (!this.has(key)) return undefined;
    if (this.nullCheck(key, options.allowNull ?? true)) return null;
    const raw = this.data[key];
    if (typeof raw !== "string" && typeof raw !== "number") {
      throw validationError("Not a valid string.", this.attr(key));
    }
    const value = String(raw);
    if (value.trim() === "" && !options.allowBlank) {
      throw validationError("This field may not be blank.", this.attr(key), "blank");
    }
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      throw validationError(
        `Ensure this field has no more than ${options.maxLength} characters.`,
        this.attr(key),
        "max_length",
      );
    }
    return value;
  }

  /** DRF IntegerField with bounds. */
  integer(key: string, min: number, max: number): number | null | undefined {
    if (!this.has(key)) return undefined;
    if (this.nullCheck(key, true)) return null;
    const raw = this.data[key];
    const value = typeof raw === "string" && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
    if (typeof value !== "number" || !Number.isInteger(value)) {
      throw validationError("A valid integer is required.", this.attr(key));
    }
    if (value < min) {
      throw validationError(
        `Ensure this value is greater than or equal to ${min}.`,
        this.attr(key),
        "min_value",
      );
    }
    if (value > max) {
      throw validationError(
        `Ensure this value is less than or equal to ${max}.`,
        this.attr(key),
        "max_value",
      );
    }
    return value;
  }

  /** DRF TimeField; returns "HH:MM:SS". */
  timeOfDay(key: string): string | null | undefined {
    if (!this.has(key)) return undefined;
    if (this.nullCheck(key, true)) return null;
    const value = this.data[key];
    const match = typeof value === "string" ? TIME_OF_DAY.exec(value.trim()) : null;
    if (!match) {
      throw validationError(
        "Time has wrong format. Use one of these formats instead: hh:mm[:ss[.uuuuuu]].",
        this.attr(key),
      );
    }
    return `${match[1]}:${match[2]}:${match[3] ?? "00"}`;
  }

  /** DRF ListField(child=CharField()). */
  stringList(key: string): string[] | null | undefined {
    if (!this.has(key)) return undefined;
    if (this.nullCheck(key, true)) return null;
    const value = this.data[key];
    if (!Array.isArray(value)) {
      throw validationError(
        `Expected a list of items but got type "${pythonType(value)}".`,
        this.attr(key),
        "not_a_list",
      );
    }
    return value.map((item, index) => {
      if (typeof item !== "string" && typeof item !== "number") {
        throw validationError("Not a valid string.", `${this.attr(key)}__${index}`);
      }
      return String(item);
    });
  }

  /** DRF DictField. */
  object(key: string): Record<string, unknown> | undefined {
    if (!this.has(key)) return undefined;
    this.nullCheck(key, false);
    const value = this.data[key];
    if (!isObject(value)) {
      throw validationError(
        `Expected a dictionary of items but got type "${pythonType(value)}".`,
        this.attr(key),
        "not_a_dict",
      );
    }
    return value;
  }
}
