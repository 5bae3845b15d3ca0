// How the form editor reads and writes quarter and city files (Decap CMS custom formats).
//
// Decap's own YAML format drops the `# yaml-language-server` line at the top of every
// file, and its list widget cannot open a source cited by its id alone
// (`sources: [kennung]`). These formats read such a citation as `{id: kennung}` and write
// the schema line first. Decap starts only after they are registered (CMS_MANUAL_INIT in
// redaktion.js). The format's name carries the file kind and the folder depth, which the
// configuration sets per collection (tools/editor_config.py).
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

function sortByKeys(sortedKeys) {
  return (a, b) => {
    const first = sortedKeys.indexOf(String(a.key));
    const second = sortedKeys.indexOf(String(b.key));
    return first === -1 || second === -1 ? 0 : first - second;
  };
}

function formatter(schemaLine) {
  return {
    fromFile(content) {
      const document = YAML.parseDocument(content);
      if (document.errors.length > 0) {
        throw new Error("YAML-Fehler:\n" + document.errors.map((e) => e.message).join("\n"));
      }
      return citationsAsEntries(document.toJSON() || {});
    },
    toFile(data, sortedKeys = []) {
      const contents = YAML.createNode(data);
      contents.items.sort(sortByKeys(sortedKeys));
      const document = new YAML.Document();
      document.contents = contents;
      return schemaLine + "\n" + document.toString();
    },
  };
}

for (const [kind, schema] of Object.entries(KINDS)) {
  for (let depth = 1; depth <= MAX_DEPTH; depth += 1) {
    const line = "# yaml-language-server: $schema=" + "../".repeat(depth) + "schema/" + schema;
    window.CMS.registerCustomFormat(`quartiersdoku-${kind}-${depth}`, "yaml", formatter(line));
  }
}
window.CMS.init();
