import { redact } from "./redact";

/** What the layer extracts from an error answer's body. */
export interface ErrorBodyInfo {
  /** The API's own message, one line, trimmed. */
  message?: string;
  /** The API's error code (DRF `code`, OAuth `error`). */
  code?: string;
  /** The blamed field (DRF `attr`). */
  attr?: string;
}

/** Longest API message kept in an error (the rest is cut with an ellipsis). */
const MAX_MESSAGE_LENGTH = 500;

/**
 * Extracts the API's own message from an error answer. Understands, in order:
 * DRF `{type, code, detail, attr}`, `{"message"}`, `{"detail"}` (string, list or object),
 * OAuth `{error, error_description}`, Workiva `{code, body: string | string[], details?}`,
 * then any other JSON (compact), HTML (its `<title>` or its text) and plain text.
 * The result is redacted and fits on one line.
 */
export function parseErrorBody(rawText: string | undefined, contentType?: string): ErrorBodyInfo {
  const text = (rawText ?? "").trim();
  if (!text) return {};
  const json = tryParseJson(text);
  if (json !== undefined) return finish(fromJson(json));
  if (/html/i.test(contentType ?? "") || /^<(!doctype|html|head|body)\b/i.test(text)) {
    return finish({ message: fromHtml(text) });
  }
  return finish({ message: text });
}

function tryParseJson(text: string): unknown {
  if (!/^[[{"]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function fromJson(json: unknown): ErrorBodyInfo {
  if (typeof json === "string") return { message: json };
  if (Array.isArray(json)) return { message: listText(json) };
  if (json === null || typeof json !== "object") return { message: String(json) };
  const o = json as Record<string, unknown>;
  const code = stringOf(o.code);
  const attr = stringOf(o.attr);

  if (o.detail !== undefined && o.detail !== null) {
    return { message: anyText(o.detail), code, attr };
  }
  if (typeof o.message === "string") return { message: o.message, code, attr };
  if (typeof o.error === "string") {
    const description = stringOf(o.error_description);
    return { message: description ?? o.error, code: o.error };
  }
  if (o.body !== undefined && o.body !== null && (typeof o.body === "string" || Array.isArray(o.body))) {
    const parts = [anyText(o.body), detailsText(o.details)].filter(Boolean);
    // Workiva's `code` repeats the HTTP status; keep only non-numeric codes.
    return { message: parts.join("; "), code: typeof o.code === "string" ? o.code : undefined };
  }
  if (typeof o.error === "object" && o.error !== null) return fromJson(o.error);
  return { message: compactJson(o), code, attr };
}

/** Workiva's optional `details: [{code, message, target}]`. */
function detailsText(details: unknown): string | undefined {
  if (!Array.isArray(details)) return undefined;
  const lines = details
    .map((d) => {
      if (typeof d !== "object" || d === null) return anyText(d);
      const r = d as Record<string, unknown>;
      const message = stringOf(r.message) ?? stringOf(r.code);
      const target = stringOf(r.target);
      return message ? (target ? `${target}: ${message}` : message) : undefined;
    })
    .filter((s): s is string => Boolean(s));
  return lines.length ? lines.join("; ") : undefined;
}

function anyText(v: unknown): string {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return listText(v);
  if (v !== null && typeof v === "object") {
    // DRF field errors: {"prefix": ["msg"], ...}
    return Object.entries(v as Record<string, unknown>)
      .map(([k, item]) => `${k}: ${anyText(item)}`)
      .join("; ");
  }
  return String(v);
}

function listText(items: unknown[]): string {
  return items.map(anyText).filter(Boolean).join("; ");
}

function stringOf(v: unknown): string | undefined {
  if (typeof v === "string" && v.trim()) return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

function compactJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return "";
  }
}

function fromHtml(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const source = title && title.trim() ? title : html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ");
  return decodeEntities(source.replace(/<[^>]*>/g, " "));
}

function decodeEntities(s: string): string {
  return s
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** One line, trimmed, capped, redacted; empty strings dropped. */
function finish(info: ErrorBodyInfo): ErrorBodyInfo {
  const out: ErrorBodyInfo = {};
  const message = info.message === undefined ? "" : oneLine(info.message);
  if (message) out.message = redact(message);
  if (info.code) out.code = redact(oneLine(info.code));
  if (info.attr) out.attr = redact(oneLine(info.attr));
  return out;
}

/** Collapses whitespace to single spaces and cuts overly long text. */
export function oneLine(text: string, max = MAX_MESSAGE_LENGTH): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
