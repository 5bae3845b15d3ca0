// How the form editor reads and writes quarter and city files (Decap CMS custom formats).
//
// Decap's own YAML format drops the `# yaml-language-server` line at the top of every
// file, and its list widget cannot open a source cited by its id alone
// (`sources: [kennung]`). These formats read such a citation as `{id: kennung}` and write
// the schema line first. A mapping keyed by ids (a translation's `programmes`, `made_from`)
// is a list of entries in the form, the key in the field `_key` (tools/editor_config.py):
// read as that list and written back as the mapping, following the fields of config.yml
// (fetched first). Decap starts only after the formats are registered (CMS_MANUAL_INIT in
// redaktion.js). The format's name carries the file kind and the folder depth, which the
// configuration sets per collection (tools/editor_config.py).
import { completed } from "./german.js";
import { YAML } from "./yaml/index.js";

const MAX_DEPTH = 8;
const KINDS = { quartier: "quarter.schema.json", stadt: "city.schema.json" };

function citationsAsEntries(value) {
  if (Array.isArray(value)) {
    return value.map(citationsAsEntries);
  }
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const result = {};
    for (const [key, inner] of Object.entries(value)) {
      result[key] =
        key === "sources" && Array.isArray(inner)
          ? inner.map((item) => (typeof item === "string" ? { id: item } : citationsAsEntries(item)))
          : citationsAsEntries(inner);
    }
    return result;
  }
  return value;
}

const MAPPING_KEY = "_key";
const MAPPING_VALUE = "_value";

function isMapping(value) {
  return (
    value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date)
  );
}

function isKeyed(field) {
  const fields = field.fields;
  return field.widget === "list" && Array.isArray(fields) && fields[0]?.name === MAPPING_KEY;
}

function valueFields(field) {
  const rest = field.fields.slice(1);
  return rest.length === 1 && rest[0].name === MAPPING_VALUE ? null : rest;
}

function isEmpty(value) {
  if (value === null || value === undefined || value === "") {
    return true;
  }
  if (Array.isArray(value)) {
    return value.length === 0;
  }
  return isMapping(value) && Object.values(value).every(isEmpty);
}

// Walks `value` along the form's `fields`; `keyed(value, field)` converts a keyed mapping.
function walk(value, fields, keyed) {
  if (!isMapping(value)) {
    return value;
  }
  const result = { ...value };
  for (const field of fields) {
    if (result[field.name] === undefined || result[field.name] === null) {
      continue;
    }
    const inner = result[field.name];
    if (isKeyed(field)) {
      result[field.name] = keyed(inner, field);
    } else if (field.widget === "object" && Array.isArray(field.fields)) {
      result[field.name] = walk(inner, field.fields, keyed);
      if (isEmpty(result[field.name])) {
        // a section left empty (a language without text) is not written: no empty page
        delete result[field.name];
      }
    } else if (Array.isArray(field.fields) && Array.isArray(inner)) {
      result[field.name] = inner.map((item) => walk(item, field.fields, keyed));
    }
  }
  return result;
}

function mappingAsEntries(value, field) {
  if (!isMapping(value)) {
    return value;
  }
  const fields = valueFields(field);
  return Object.entries(value).map(([key, inner]) =>
    fields === null
      ? { [MAPPING_KEY]: key, [MAPPING_VALUE]: inner }
      : { [MAPPING_KEY]: key, ...walk(inner, fields, mappingAsEntries) },
  );
}

function entriesAsMapping(value, field) {
  if (!Array.isArray(value)) {
    return value;
  }
  const fields = valueFields(field);
  const result = {};
  for (const entry of value) {
    const key = isMapping(entry) ? String(entry[MAPPING_KEY] ?? "").trim() : "";
    if (key === "") {
      continue;
    }
    if (fields === null) {
      result[key] = entry[MAPPING_VALUE];
    } else {
      const { [MAPPING_KEY]: _, ...texts } = entry;
      result[key] = walk(texts, fields, entriesAsMapping);
    }
  }
  return result;
}

// The fields of each kind of file, from the configuration Decap reads too.
async function fieldsByKind() {
  const response = await fetch("config.yml", { credentials: "same-origin" });
  const config = YAML.parse(await response.text());
  const found = {};
  for (const collection of config.collections || []) {
    const kind = (collection.format || "").split("-")[1];
    if (collection.fields && kind && !found[kind]) {
      found[kind] = collection.fields;
    }
    for (const file of collection.files || []) {
      if (file.fields && kind && !found[kind]) {
        found[kind] = file.fields;
      }
    }
  }
  return found;
}

function sortByKeys(sortedKeys) {
  return (a, b) => {
    const first = sortedKeys.indexOf(String(a.key));
    const second = sortedKeys.indexOf(String(b.key));
    return first === -1 || second === -1 ? 0 : first - second;
  };
}

function formatter(schemaLine, fields) {
  return {
    fromFile(content) {
      const document = YAML.parseDocument(content);
      if (document.errors.length > 0) {
        throw new Error("YAML-Fehler:\n" + document.errors.map((e) => e.message).join("\n"));
      }
      return walk(citationsAsEntries(document.toJSON() || {}), fields, mappingAsEntries);
    },
    toFile(data, sortedKeys = []) {
      const contents = YAML.createNode(walk(data, fields, entriesAsMapping));
      contents.items.sort(sortByKeys(sortedKeys));
      const document = new YAML.Document();
      document.contents = contents;
      return schemaLine + "\n" + document.toString();
    },
  };
}

const FIELDS = await fieldsByKind();
for (const [kind, schema] of Object.entries(KINDS)) {
  for (let depth = 1; depth <= MAX_DEPTH; depth += 1) {
    const line = "# yaml-language-server: $schema=" + "../".repeat(depth) + "schema/" + schema;
    const format = formatter(line, FIELDS[kind] || []);
    window.CMS.registerCustomFormat(`quartiersdoku-${kind}-${depth}`, "yaml", format);
  }
}
// Decap's German lacks phrases its English has (german.js).
window.CMS.registerLocale("de", completed(window.CMS.getLocale("de")));
window.CMS.init();
